import type { Kysely } from 'kysely';
import { EvidentError } from '../core/errors.ts';
import type { DeliveryStore } from '../storage/deliveryStore.ts';
import type { Database } from '../storage/schema.ts';
import {
  artifactsOfCommit,
  nameMatches,
  unreportedFingerprints,
  type NameMatches,
} from '../storage/searchRows.ts';

/** At most this many hits of each kind (and of each of the lists by SHA prefix). */
export const SEARCH_LIMIT = 50;

/** One thing a search found, with what the web UI needs to link to it and why it matched. */
export type SearchHit =
  | { kind: 'environment'; environment: string; type: string; matched: 'name' }
  | { kind: 'flow'; flow: string; description: string; matched: 'name' }
  | {
      kind: 'trail';
      flow: string;
      trail: string;
      commit: string | null;
      compliant: boolean;
      matched: 'commit' | 'name';
    }
  | {
      kind: 'artifact';
      fingerprint: string;
      name: string;
      /** The trail that reported it; null for an artifact only ever seen running (no provenance). */
      flow: string | null;
      trail: string | null;
      compliant: boolean | null;
      matched: 'fingerprint' | 'commit' | 'name';
    }
  | { kind: 'evidence'; sha256: string; size: number; mediaType: string; matched: 'sha256' };

type Legacy = Awaited<ReturnType<DeliveryStore['search']>>;
const NO_PREFIX: Legacy = { artifacts: [], trails: [], evidence: [] };
const NO_NAMES: NameMatches = { environments: [], flows: [], trails: [], artifacts: [], unreported: [] };

/**
 * Search by any SHA prefix, commit or name (DESIGN §5 "Web UI"; issue #7). `q` of 5–64 hex digits
 * (`sha256:` allowed) is a prefix of artifact fingerprints, trail commits and evidence digests;
 * any other `q` of 2–100 characters (5–6 hex digits too) is part of a name of an environment, flow,
 * trail or artifact, ignoring case.
 */
export class SearchService {
  constructor(
    private readonly store: DeliveryStore,
    private readonly reader: Kysely<Database>,
  ) {}

  async search(org: string, q: string) {
    const text = q.trim();
    if (text.length < 2 || text.length > 100)
      throw new EvidentError(
        'bad_request',
        'search takes 2 to 100 characters: a SHA-256 or commit prefix (5 to 64 hex digits) or part of a name',
      );
    const prefix = /^(?:sha256:)?([0-9a-f]{5,64})$/i.exec(text)?.[1]?.toLowerCase();
    // A run of 7 or more hex digits is a fingerprint or commit (git's short form is 7): looking for
    // it in names too would scan every name for what is, in practice, never there.
    const byName = !/^sha256:/i.test(text) && !(prefix !== undefined && prefix.length >= 7);
    const limit = SEARCH_LIMIT + 1;
    const [legacy, ofCommit, unreported, names] = await Promise.all([
      prefix === undefined ? NO_PREFIX : this.store.search(org, prefix, limit),
      prefix === undefined ? [] : artifactsOfCommit(this.reader, org, prefix, limit),
      prefix === undefined ? [] : unreportedFingerprints(this.reader, org, prefix, limit),
      byName ? nameMatches(this.reader, org, text, limit) : NO_NAMES,
    ]);
    const kinds: SearchHit[][] = [
      names.environments.map((e) => ({
        kind: 'environment',
        environment: e.name,
        type: e.type,
        matched: 'name',
      })),
      names.flows.map((f) => ({ kind: 'flow', flow: f.name, description: f.description, matched: 'name' })),
      [
        ...legacy.trails.map((t) => ({
          kind: 'trail' as const,
          flow: t.flow,
          trail: t.name,
          commit: t.commit?.sha ?? null,
          compliant: t.compliant,
          matched: 'commit' as const,
        })),
        ...names.trails.map((t) => ({ kind: 'trail' as const, ...t, matched: 'name' as const })),
      ],
      [
        ...legacy.artifacts.map((a) => ({ ...reported(a), matched: 'fingerprint' as const })),
        ...ofCommit.map((a) => ({ ...reported(a), matched: 'commit' as const })),
        ...names.artifacts.map((a) => ({ ...reported(a), matched: 'name' as const })),
        ...unreported.map((a) => ({ ...unknownOrigin(a), matched: 'fingerprint' as const })),
        ...names.unreported.map((a) => ({ ...unknownOrigin(a), matched: 'name' as const })),
      ],
      legacy.evidence.map((e) => ({
        kind: 'evidence',
        sha256: e.sha256,
        size: e.size,
        mediaType: e.mediaType,
        matched: 'sha256',
      })),
    ];
    const { environments, flows, trails, artifacts, unreported: running } = names;
    const lists = [legacy.artifacts, legacy.trails, legacy.evidence, ofCommit, unreported];
    const named = [environments, flows, trails, artifacts, running];
    const hits = kinds.map(distinct);
    return {
      artifacts: legacy.artifacts.slice(0, SEARCH_LIMIT),
      trails: legacy.trails.slice(0, SEARCH_LIMIT),
      evidence: legacy.evidence.slice(0, SEARCH_LIMIT),
      hits: hits.flatMap((list) => list.slice(0, SEARCH_LIMIT)),
      truncated: [...lists, ...named, ...hits].some((list) => list.length > SEARCH_LIMIT),
    };
  }
}

function reported(a: { fingerprint: string; name: string; flow: string; trail: string; compliant: boolean }) {
  const { fingerprint, name, flow, trail, compliant } = a;
  return { kind: 'artifact' as const, fingerprint, name, flow, trail, compliant };
}

function unknownOrigin(a: { fingerprint: string; name: string }) {
  return { kind: 'artifact' as const, ...a, flow: null, trail: null, compliant: null };
}

/** The first hit of each thing (a trail found by its commit and its name is one hit). */
function distinct(hits: readonly SearchHit[]): SearchHit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    const key = JSON.stringify(identity(hit));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function identity(hit: SearchHit): unknown[] {
  switch (hit.kind) {
    case 'environment':
      return [hit.environment];
    case 'flow':
      return [hit.flow];
    case 'trail':
      return [hit.flow, hit.trail];
    case 'artifact':
      return [hit.fingerprint, hit.name, hit.flow, hit.trail];
    case 'evidence':
      return [hit.sha256];
  }
}
