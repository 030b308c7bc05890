import type { Kysely } from 'kysely';
import { assemblePackage, type PackagedEntry } from '../../core/audit/assemblePackage.ts';
import { subjectLabel, type AuditSubject } from '../../core/audit/auditSubject.ts';
import { packArchive } from '../../core/audit/packArchive.ts';
import { EvidentError } from '../../core/errors.ts';
import type { JsonValue } from '../../core/ledger/canonicalJson.ts';
import { parseCheckpoint } from '../../core/ledger/checkpoint.ts';
import { toHex } from '../../core/ledger/merkleHash.ts';
import { inclusionProofPlan, materialize } from '../../core/ledger/treeMath.ts';
import type { Actor } from '../../core/model/ledgerEvent.ts';
import { ATTESTATION_RECORDED } from '../../core/model/trail.ts';
import { AuditEntryIndices } from '../../storage/auditEntryIndices.ts';
import type { FsBlobStore } from '../../storage/blobs/fsBlobStore.ts';
import { mustGet, type LedgerStore } from '../../storage/ledgerStore.ts';
import type { Database } from '../../storage/schema.ts';

/** Most ledger entries one package holds (DESIGN §7: bounded). */
export const MAX_PACKAGE_ENTRIES = 10_000;
/** Most bytes of entries and evidence one package holds. */
export const MAX_PACKAGE_BYTES = 256 * 1024 * 1024;

/** A built package: its `.tar.gz` bytes, a file name for it, and what it holds. */
export interface AuditPackage {
  readonly bytes: Buffer;
  readonly filename: string;
  /** The size of the checkpoint every proof is against. */
  readonly checkpointSize: number;
  readonly entries: number;
  readonly evidence: number;
}

/**
 * Builds audit packages (issue #8, docs/audit-package.md): every ledger entry relevant to a
 * subject with its inclusion proof against the org's latest signed checkpoint, the evidence files
 * its attestations reference, the report recomputed from those entries, and a manifest of it all.
 * Reproducible: the same log state and subject give the same bytes.
 */
export class AuditPackageService {
  constructor(
    private readonly deps: {
      readonly reader: Kysely<Database>;
      readonly ledger: LedgerStore;
      readonly blobs: FsBlobStore;
    },
  ) {}

  async build(org: string, subject: AuditSubject): Promise<AuditPackage> {
    const { reader, ledger, blobs } = this.deps;
    // The checkpoint first: whatever is appended while the package is built lies beyond its size.
    const latest = await ledger.latestCheckpoint(org);
    if (latest === undefined) throw new EvidentError('not_found', `organisation ${org} has no log`);
    const checkpoint = parseCheckpoint(latest.note.slice(0, latest.note.indexOf('\n\n') + 1));
    const size = checkpoint.size;
    if (size === 0) throw new EvidentError('not_found', `the log of ${org} is empty`);

    const indices = [...(await AuditEntryIndices.of(reader, org, subject, size))].sort((a, b) => a - b);
    if (indices.length > MAX_PACKAGE_ENTRIES)
      throw new EvidentError(
        'payload_too_large',
        `the package would hold ${indices.length} ledger entries, more than ${MAX_PACKAGE_ENTRIES}: choose a narrower subject (one trail, a shorter time range)`,
      );
    const stored = await entriesAt(reader, org, indices);
    const plans = indices.map((i) => inclusionProofPlan(i, size));
    const nodes = await ledger.nodes(org, plans.flat(2));
    const folded = new Map<string, Uint8Array>(); // neighbouring proofs share ranges: fold each once

    const entries: PackagedEntry[] = indices.map((index, i) => {
      const bytes = stored.get(index);
      if (bytes === undefined) throw new EvidentError('tampered', `ledger entry ${index} is missing`);
      const e = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
        type: string;
        at: string;
        actor: Actor;
        data: { [key: string]: JsonValue };
      };
      const proof = materialize(plans[i] ?? [], (id) => mustGet(nodes, id), folded).map(toHex);
      return { event: { index, type: e.type, at: e.at, actor: e.actor, data: e.data }, bytes, proof };
    });

    const referenced = [
      ...new Set(
        entries
          .map((e) => e.event)
          .filter((e) => e.type === ATTESTATION_RECORDED)
          .flatMap((e) => (Array.isArray(e.data.evidence) ? e.data.evidence : []))
          .map((ref) => (ref as { sha256?: unknown } | null)?.sha256)
          .filter((sha): sha is string => typeof sha === 'string'),
      ),
    ].sort();
    const sizes =
      referenced.length === 0
        ? []
        : await reader
            .selectFrom('evidence')
            .select(['sha256', 'size'])
            .where('org', '=', org)
            .where('sha256', 'in', referenced)
            .execute();
    const bytes =
      entries.reduce((sum, e) => sum + e.bytes.length, 0) + sizes.reduce((sum, e) => sum + e.size, 0);
    if (bytes > MAX_PACKAGE_BYTES)
      throw new EvidentError(
        'payload_too_large',
        `the package would hold ${bytes} bytes of entries and evidence, more than ${MAX_PACKAGE_BYTES}: choose a narrower subject`,
      );
    const evidence = new Map<string, Uint8Array>();
    for (const sha256 of referenced) evidence.set(sha256, await blobs.read(sha256));

    const files = assemblePackage({
      org,
      origin: checkpoint.origin,
      subject,
      note: latest.note,
      checkpoint: { size, rootHash: toHex(checkpoint.rootHash) },
      entries,
      evidence,
    });
    return {
      bytes: packArchive(files),
      filename: `evident-audit-${subjectLabel(subject)}-${size}.tar.gz`,
      checkpointSize: size,
      entries: indices.length,
      evidence: referenced.length,
    };
  }
}

/** The stored bytes of the entries at `indices`, in chunks that stay under bound-parameter limits. */
async function entriesAt(
  db: Kysely<Database>,
  org: string,
  indices: readonly number[],
): Promise<Map<number, Uint8Array>> {
  const found = new Map<number, Uint8Array>();
  for (let i = 0; i < indices.length; i += 1000) {
    const rows = await db
      .selectFrom('ledger_entries')
      .select(['idx', 'entry'])
      .where('org', '=', org)
      .where('idx', 'in', indices.slice(i, i + 1000))
      .execute();
    for (const r of rows) found.set(r.idx, r.entry);
  }
  return found;
}
