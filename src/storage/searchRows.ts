import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { containsText, hexPrefixRange, likePattern } from './textMatch.ts';

/** An artifact a trail reported. */
export interface ReportedArtifactRow {
  readonly fingerprint: string;
  readonly name: string;
  readonly flow: string;
  readonly trail: string;
  readonly compliant: boolean;
}

/** A fingerprint seen running under a name, which no trail reported (no provenance). */
export interface UnreportedArtifactRow {
  readonly fingerprint: string;
  readonly name: string;
}

export interface TrailRow {
  readonly flow: string;
  readonly trail: string;
  readonly commit: string | null;
  readonly compliant: boolean;
}

/** What a name search finds, each list newest (or alphabetically) first, at most `limit` long. */
export interface NameMatches {
  readonly environments: readonly { name: string; type: string }[];
  readonly flows: readonly { name: string; description: string }[];
  readonly trails: readonly TrailRow[];
  readonly artifacts: readonly ReportedArtifactRow[];
  readonly unreported: readonly UnreportedArtifactRow[];
}

/**
 * Environments, flows, trails and artifacts whose name contains `text`, ignoring case; `%` and `_`
 * match themselves. A substring cannot use an index: each list is a bounded scan of the org's rows
 * (artifacts that only ever ran come from the `started` lines of the change log).
 */
export async function nameMatches(
  db: Kysely<Database>,
  org: string,
  text: string,
  limit: number,
): Promise<NameMatches> {
  const pattern = likePattern(text);
  const [environments, flows, trails, artifacts, unreported] = await Promise.all([
    db
      .selectFrom('environments')
      .select(['name', 'type'])
      .where('org', '=', org)
      .where((eb) => containsText(eb.ref('name'), pattern))
      .orderBy('name')
      .limit(limit)
      .execute(),
    db
      .selectFrom('flows')
      .select(['name', 'description'])
      .where('org', '=', org)
      .where((eb) => containsText(eb.ref('name'), pattern))
      .orderBy('name')
      .limit(limit)
      .execute(),
    db
      .selectFrom('trails')
      .select(['flow', 'name as trail', 'commit_sha as commit', 'compliant'])
      .where('org', '=', org)
      .where((eb) => containsText(eb.ref('name'), pattern))
      .orderBy('created_index', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('artifacts')
      .select(['fingerprint', 'name', 'flow', 'trail', 'compliant'])
      .where('org', '=', org)
      // The name a pipeline reported it under, or one an environment ran it under (an image name).
      .where((eb) =>
        eb.or([
          containsText(eb.ref('name'), pattern),
          eb(
            'fingerprint',
            'in',
            eb
              .selectFrom('environment_changes as c')
              .select('c.fingerprint')
              .where('c.org', '=', org)
              .where('c.kind', '=', 'started')
              .where((inner) => containsText(inner.ref('c.name'), pattern)),
          ),
        ]),
      )
      .orderBy('created_index', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('environment_changes as c')
      .select(['c.fingerprint', 'c.name'])
      .select((eb) => eb.fn.max('c.idx').as('last'))
      .where('c.org', '=', org)
      .where('c.kind', '=', 'started')
      .where((eb) => containsText(eb.ref('c.name'), pattern))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('artifacts as a')
              .select('a.fingerprint')
              .whereRef('a.org', '=', 'c.org')
              .whereRef('a.fingerprint', '=', 'c.fingerprint'),
          ),
        ),
      )
      .groupBy(['c.fingerprint', 'c.name'])
      .orderBy('last', 'desc')
      .orderBy('c.name')
      .limit(limit)
      .execute(),
  ]);
  return {
    environments,
    flows,
    trails: trails.map((t) => ({ ...t, compliant: t.compliant === 1 })),
    artifacts: artifacts.map((a) => ({ ...a, compliant: a.compliant === 1 })),
    unreported: unreported.map(({ fingerprint, name }) => ({ fingerprint, name })),
  };
}

/** The artifacts of the trails whose git commit starts with `prefix` (lowercase hex), newest first. */
export async function artifactsOfCommit(
  db: Kysely<Database>,
  org: string,
  prefix: string,
  limit: number,
): Promise<ReportedArtifactRow[]> {
  const [low, high] = hexPrefixRange(prefix);
  const rows = await db
    .selectFrom('trails as t')
    .innerJoin('artifacts as a', (j) =>
      j.onRef('a.org', '=', 't.org').onRef('a.flow', '=', 't.flow').onRef('a.trail', '=', 't.name'),
    )
    .select(['a.fingerprint', 'a.name', 'a.flow', 'a.trail', 'a.compliant'])
    .where('t.org', '=', org)
    .where('t.commit_sha', '>=', low)
    .where('t.commit_sha', '<', high)
    .orderBy('a.created_index', 'desc')
    .limit(limit)
    .execute();
  return rows.map((a) => ({ ...a, compliant: a.compliant === 1 }));
}

/**
 * Fingerprints starting with `prefix` (lowercase hex) that ran somewhere but that no trail
 * reported, with the names they ran under; from the index on snapshot_artifacts (org, fingerprint).
 */
export async function unreportedFingerprints(
  db: Kysely<Database>,
  org: string,
  prefix: string,
  limit: number,
): Promise<UnreportedArtifactRow[]> {
  const [low, high] = hexPrefixRange(prefix);
  return db
    .selectFrom('snapshot_artifacts as s')
    .select(['s.fingerprint', 's.name'])
    .distinct()
    .where('s.org', '=', org)
    .where('s.fingerprint', '>=', low)
    .where('s.fingerprint', '<', high)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('artifacts as a')
            .select('a.fingerprint')
            .whereRef('a.org', '=', 's.org')
            .whereRef('a.fingerprint', '=', 's.fingerprint'),
        ),
      ),
    )
    .orderBy('s.fingerprint')
    .orderBy('s.name')
    .limit(limit)
    .execute();
}
