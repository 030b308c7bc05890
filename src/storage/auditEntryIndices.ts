import type { Kysely } from 'kysely';
import type { AuditSubject } from '../core/audit/auditSubject.ts';
import { EvidentError } from '../core/errors.ts';
import type { Database } from './schema.ts';

/** Most log entries read to find definitions in force (see `scan`); more is a 413. */
export const MAX_SCANNED_ENTRIES = 100_000;

/** A decoded entry as the scans need it. */
interface Decoded {
  readonly index: number;
  readonly type: string;
  readonly at: string;
  readonly data: Record<string, unknown>;
}

const decoder = new TextDecoder();
const decode = (index: number, bytes: Uint8Array): Decoded => {
  const e = JSON.parse(decoder.decode(bytes)) as Omit<Decoded, 'index'>;
  return { index, type: e.type, at: e.at, data: e.data };
};

/**
 * The ledger indices of every entry relevant to an audit subject (docs/audit-package.md "What a
 * package holds"), found through the projections, which carry the index of the entry behind each
 * row. Only the definitions whose projections keep no history — earlier versions of a flow, a
 * trail, an environment — are looked for in the log itself, in the bounded ranges between the
 * entries that created and last changed them (at most MAX_SCANNED_ENTRIES entries a package).
 * Indices at or beyond `size` (entries after the checkpoint the package is built on) are left out.
 */
export class AuditEntryIndices {
  private readonly found = new Set<number>();
  private scanned = 0;

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly org: string,
    private readonly size: number,
  ) {}

  static async of(
    db: Kysely<Database>,
    org: string,
    subject: AuditSubject,
    size: number,
  ): Promise<Set<number>> {
    const finder = new AuditEntryIndices(db, org, size);
    await finder.subject(subject);
    if (size > 0) finder.add(size - 1); // its time is the checkpoint's time
    return finder.found;
  }

  private add(...indices: (number | null | undefined)[]): void {
    for (const i of indices) if (typeof i === 'number' && i >= 0 && i < this.size) this.found.add(i);
  }

  private async subject(subject: AuditSubject): Promise<void> {
    if (subject.kind === 'artifact') {
      const reports = await this.reportsOf(subject.fingerprint);
      const approvals = await this.approvals(subject.fingerprint, undefined);
      const ran = await this.runs(subject.fingerprint);
      if (reports.length === 0 && approvals === 0 && !ran)
        throw new EvidentError('not_found', `artifact ${subject.fingerprint} is not in the log`);
      for (const r of reports) await this.trail(r.flow, r.trail);
      return;
    }
    if (subject.kind === 'trail') {
      const fingerprints = await this.trail(subject.flow, subject.trail);
      for (const fingerprint of fingerprints) {
        await this.approvals(fingerprint, undefined);
        await this.runs(fingerprint);
      }
      return;
    }
    await this.environment(subject.name, subject.from, subject.until);
  }

  private async reportsOf(fingerprint: string) {
    const rows = await this.db
      .selectFrom('artifacts')
      .select(['flow', 'trail', 'created_index'])
      .where('org', '=', this.org)
      .where('fingerprint', '=', fingerprint)
      .orderBy('created_index')
      .execute();
    return rows.filter((r) => r.created_index < this.size);
  }

  /**
   * A trail's story: its saves, all its artifacts and attestations, their evidence and custom types,
   * and its flow's saves up to the one whose template it took. Answers the artifacts' fingerprints.
   */
  private async trail(flow: string, name: string): Promise<string[]> {
    const row = await this.db
      .selectFrom('trails')
      .select(['created_index', 'updated_index'])
      .where('org', '=', this.org)
      .where('flow', '=', flow)
      .where('name', '=', name)
      .executeTakeFirst();
    if (row === undefined || row.created_index >= this.size)
      throw new EvidentError('not_found', `trail ${name} of flow ${flow} not found`);
    this.add(row.created_index, row.updated_index);
    if (row.updated_index > row.created_index + 1) {
      const saves = await this.scan(row.created_index + 1, Math.min(row.updated_index, this.size));
      this.add(
        ...saves
          .filter((e) => e.type === 'trail.saved' && e.data.flow === flow && e.data.name === name)
          .map((e) => e.index),
      );
    }
    await this.flowInForce(flow, row.created_index);

    let artifacts = await this.db
      .selectFrom('artifacts')
      .select(['fingerprint', 'name', 'created_index'])
      .where('org', '=', this.org)
      .where('flow', '=', flow)
      .where('trail', '=', name)
      .execute();
    // Every artifact of the trail, not only the one in focus: the trail's compliance (and so the
    // verdict of a run that policy ties to it) depends on all that its template asks for.
    artifacts = artifacts.filter((a) => a.created_index < this.size);
    this.add(...artifacts.map((a) => a.created_index));
    const fingerprints = new Set(artifacts.map((a) => a.fingerprint));
    const attestations = (
      await this.db
        .selectFrom('attestations')
        .select(['idx', 'type', 'target_fingerprint', 'target_name', 'evidence'])
        .where('org', '=', this.org)
        .where('flow', '=', flow)
        .where('trail', '=', name)
        .execute()
    ).filter((a) => a.idx < this.size);
    this.add(...attestations.map((a) => a.idx));
    const evidence = attestations.flatMap((a) =>
      (JSON.parse(a.evidence) as { sha256: string }[]).map((e) => e.sha256),
    );
    if (evidence.length > 0) {
      const stored = await this.db
        .selectFrom('evidence')
        .select('created_index')
        .where('org', '=', this.org)
        .where('sha256', 'in', [...new Set(evidence)])
        .execute();
      this.add(...stored.map((e) => e.created_index));
    }
    const custom = [
      ...new Set(attestations.filter((a) => a.type.startsWith('custom:')).map((a) => a.type.slice(7))),
    ];
    if (custom.length > 0) {
      // Which version judged each attestation is in its entry; every version up to the trail's last
      // attestation is kept (few, and each is the definition as written).
      const last = Math.max(...attestations.map((a) => a.idx));
      const types = await this.db
        .selectFrom('custom_types')
        .select('created_index')
        .where('org', '=', this.org)
        .where('name', 'in', custom)
        .where('created_index', '<', last)
        .execute();
      this.add(...types.map((t) => t.created_index));
    }
    return [...fingerprints];
  }

  /** The flow's creation and the save whose template a trail begun at `begun` took (DESIGN §4). */
  private async flowInForce(flow: string, begun: number): Promise<void> {
    const row = await this.db
      .selectFrom('flows')
      .select(['created_index'])
      .where('org', '=', this.org)
      .where('name', '=', flow)
      .executeTakeFirst();
    if (row === undefined) return;
    this.add(row.created_index);
    // Backwards from the trail's beginning: pipelines save their flow before each trail, so the save
    // in force is usually a few entries back.
    const pageSize = 256;
    for (let end = begun; end > row.created_index; end -= pageSize) {
      const start = Math.max(row.created_index, end - pageSize);
      const page = await this.scan(start, end);
      const save = page
        .reverse()
        .find((e) => e.type === 'flow.saved' && e.data.name === flow && 'template' in e.data);
      if (save !== undefined) {
        this.add(save.index);
        return;
      }
    }
  }

  /** Approval requests and break-glass exceptions for a fingerprint, with every decision and review. */
  private async approvals(fingerprint: string, environments: readonly string[] | undefined): Promise<number> {
    let query = this.db
      .selectFrom('approvals')
      .select('id')
      .where('org', '=', this.org)
      .where('fingerprint', '=', fingerprint);
    if (environments !== undefined) query = query.where('environment', 'in', environments);
    const ids = (await query.execute()).map((r) => r.id).filter((id) => id < this.size);
    this.add(...ids);
    if (ids.length > 0) {
      const decisions = await this.db
        .selectFrom('approval_decisions')
        .select('idx')
        .where('org', '=', this.org)
        .where('approval', 'in', ids)
        .execute();
      this.add(...decisions.map((d) => d.idx));
    }
    return ids.length;
  }

  /**
   * Every snapshot in which the fingerprint ran and the one after (when it stopped), with the
   * environment's definitions and policies in force over that time. False when it never ran.
   */
  private async runs(fingerprint: string): Promise<boolean> {
    const rows = await this.db
      .selectFrom('snapshot_artifacts as r')
      .innerJoin('snapshots as s', (j) =>
        j
          .onRef('s.org', '=', 'r.org')
          .onRef('s.environment', '=', 'r.environment')
          .onRef('s.number', '=', 'r.number'),
      )
      .select(['r.environment', 'r.number', 's.idx', 's.at'])
      .where('r.org', '=', this.org)
      .where('r.fingerprint', '=', fingerprint)
      .execute();
    const byEnvironment = new Map<string, { numbers: Set<number>; from: string }>();
    for (const r of rows.filter((r) => r.idx < this.size)) {
      this.add(r.idx);
      const seen = byEnvironment.get(r.environment);
      if (seen === undefined) byEnvironment.set(r.environment, { numbers: new Set([r.number]), from: r.at });
      else {
        seen.numbers.add(r.number);
        if (r.at < seen.from) seen.from = r.at;
      }
    }
    for (const [environment, { numbers, from }] of byEnvironment) {
      const after = [...numbers].map((n) => n + 1).filter((n) => !numbers.has(n));
      const next = await this.db
        .selectFrom('snapshots')
        .select(['idx', 'at'])
        .where('org', '=', this.org)
        .where('environment', '=', environment)
        .where('number', 'in', after)
        .execute();
      const inRange = next.filter((s) => s.idx < this.size);
      this.add(...inRange.map((s) => s.idx));
      const stillRunning = inRange.length < after.length;
      const until = stillRunning
        ? null
        : (inRange
            .map((s) => s.at)
            .sort()
            .at(-1) ?? null);
      await this.definitionsInForce(environment, from, until);
    }
    return byEnvironment.size > 0;
  }

  /**
   * An environment's saves in force from `from` to `until` (null: to the checkpoint), and the
   * versions of its policies in force then: the latest at `from` and every later one up to `until`.
   * Answers the environment's type and members (the latest save's) for logical environments.
   */
  private async definitionsInForce(
    environment: string,
    from: string,
    until: string | null,
  ): Promise<{ includes: string[] } | undefined> {
    const row = await this.db
      .selectFrom('environments')
      .select(['created_index', 'updated_index'])
      .where('org', '=', this.org)
      .where('name', '=', environment)
      .executeTakeFirst();
    if (row === undefined || row.created_index >= this.size) return undefined;
    const saves =
      row.updated_index === row.created_index
        ? await this.entriesAt([row.created_index])
        : (await this.scan(row.created_index, Math.min(row.updated_index + 1, this.size))).filter(
            (e) => e.type === 'environment.saved' && e.data.name === environment,
          );
    const inForce = during(saves, from, until);
    this.add(...inForce.map((e) => e.index));
    const policies = [...new Set(inForce.flatMap((e) => (e.data.policies as string[] | undefined) ?? []))];
    if (policies.length > 0) {
      const versions = await this.db
        .selectFrom('policies')
        .select(['name', 'created_index as index', 'created_at as at'])
        .where('org', '=', this.org)
        .where('name', 'in', policies)
        .orderBy('created_index')
        .execute();
      for (const name of policies) {
        this.add(
          ...during(
            versions.filter((v) => v.name === name && v.index < this.size),
            from,
            until,
          ).map((v) => v.index),
        );
      }
    }
    return { includes: (inForce.at(-1)?.data.includes as string[] | undefined) ?? [] };
  }

  /**
   * An environment over [from, until]: the snapshot in force at `from` and every one up to `until`
   * (of each member, for a logical environment), its definitions and policies in force, and for each
   * artifact that ran: its provenance (the trails that reported it) and its approvals there.
   */
  private async environment(name: string, from: string, until: string): Promise<void> {
    const own = await this.definitionsInForce(name, from, until);
    if (own === undefined) throw new EvidentError('not_found', `environment ${name} not found`);
    const physical = own.includes.length > 0 ? own.includes : [name];
    for (const member of own.includes) await this.definitionsInForce(member, from, until);
    const fingerprints = new Set<string>();
    for (const environment of physical) {
      const before = await this.db
        .selectFrom('snapshots')
        .select(['number', 'idx'])
        .where('org', '=', this.org)
        .where('environment', '=', environment)
        .where('at', '<=', from)
        .orderBy('number', 'desc')
        .limit(1)
        .execute();
      const during_ = await this.db
        .selectFrom('snapshots')
        .select(['number', 'idx'])
        .where('org', '=', this.org)
        .where('environment', '=', environment)
        .where('at', '>', from)
        .where('at', '<=', until)
        .execute();
      const snapshots = [...before, ...during_].filter((s) => s.idx < this.size);
      this.add(...snapshots.map((s) => s.idx));
      if (snapshots.length === 0) continue;
      const running = await this.db
        .selectFrom('snapshot_artifacts')
        .select('fingerprint')
        .distinct()
        .where('org', '=', this.org)
        .where('environment', '=', environment)
        .where(
          'number',
          'in',
          snapshots.map((s) => s.number),
        )
        .execute();
      for (const r of running) fingerprints.add(r.fingerprint);
    }
    for (const fingerprint of [...fingerprints].sort()) {
      for (const r of await this.reportsOf(fingerprint)) await this.trail(r.flow, r.trail);
      await this.approvals(fingerprint, [name, ...physical]);
    }
  }

  private async entriesAt(indices: readonly number[]): Promise<Decoded[]> {
    const rows = await this.db
      .selectFrom('ledger_entries')
      .select(['idx', 'entry'])
      .where('org', '=', this.org)
      .where('idx', 'in', indices)
      .orderBy('idx')
      .execute();
    return rows.map((r) => decode(r.idx, r.entry));
  }

  /** Entries [start, end) decoded, counted against MAX_SCANNED_ENTRIES. */
  private async scan(start: number, end: number): Promise<Decoded[]> {
    if (end <= start) return [];
    this.scanned += end - start;
    if (this.scanned > MAX_SCANNED_ENTRIES)
      throw new EvidentError(
        'payload_too_large',
        `finding the definitions in force for this package means reading more than ${MAX_SCANNED_ENTRIES} log entries: choose a narrower subject`,
      );
    const out: Decoded[] = [];
    for (let at = start; at < end; at += 1000) {
      const rows = await this.db
        .selectFrom('ledger_entries')
        .select(['idx', 'entry'])
        .where('org', '=', this.org)
        .where('idx', '>=', at)
        .where('idx', '<', Math.min(end, at + 1000))
        .orderBy('idx')
        .execute();
      out.push(...rows.map((r) => decode(r.idx, r.entry)));
    }
    return out;
  }
}

/**
 * Of versions in log order (each with its time), those in force from `from` to `until`: the latest
 * at or before `from`, and every later one up to `until`.
 */
function during<T extends { at: string }>(versions: readonly T[], from: string, until: string | null): T[] {
  const atFrom = versions.filter((v) => v.at <= from).at(-1);
  return versions.filter((v) => v === atFrom || (v.at > from && (until === null || v.at <= until)));
}
