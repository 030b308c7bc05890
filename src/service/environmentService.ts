import type { Kysely } from 'kysely';
import { artifactVerdict, type ArtifactVerdict } from '../core/compliance/environmentCompliance.ts';
import { checkAttestationType } from '../core/compliance/evaluators.ts';
import { EvidentError } from '../core/errors.ts';
import { canonicalize, type JsonValue } from '../core/ledger/canonicalJson.ts';
import { MAX_ENTRY_BYTES, type Actor } from '../core/model/ledgerEvent.ts';
import {
  canonicalRunningSet,
  ENVIRONMENT_SAVED,
  ENVIRONMENT_TYPES,
  runningSetChanges,
  sameRunningSet,
  SNAPSHOT_REPORTED,
  type Environment,
  type EnvironmentChange,
  type ReportedArtifact,
  type Snapshot,
} from '../core/model/environment.ts';
import { checkName } from '../core/model/names.ts';
import { parsePolicy, POLICY_CREATED, type Policy } from '../core/model/policy.ts';
import type { SnapshotSelector } from '../core/model/snapshotRef.ts';
import { normaliseSha256 } from '../core/model/trail.ts';
import { artifactFacts } from '../storage/environmentFacts.ts';
import { followedPolicies } from '../storage/environmentRows.ts';
import type { EnvironmentStore } from '../storage/environmentStore.ts';
import { recentChanges } from '../storage/recentChanges.ts';
import type { Database } from '../storage/schema.ts';
import type { Receipt } from './receipt.ts';
import { eventRequest, type AppendRequest, type Sequencer } from './sequencer.ts';

type Idempotency = AppendRequest['idempotency'];

export interface EnvironmentDeps {
  readonly sequencer: Sequencer;
  readonly store: EnvironmentStore;
  /** Read connection for the facts a gate looks at. */
  readonly reader: Kysely<Database>;
  readonly now: () => number;
}

/** A snapshot of a logical environment: its members' snapshots at the same moment. */
export interface LogicalSnapshot {
  readonly environment: string;
  readonly compliant: boolean;
  readonly members: readonly Snapshot[];
}

const MAX_ARTIFACTS = 5000;
const checkType = (type: string) => checkAttestationType(type, undefined);

/** Environments, their policies and snapshots, time travel and gates (issue #5, DESIGN §4). */
export class EnvironmentService {
  constructor(private readonly deps: EnvironmentDeps) {}

  /** Creates or updates an environment. Its type is fixed once created. */
  async save(
    org: string,
    input: { name: string; type: string; description?: string; includes?: string[]; policies?: string[] },
    actor: Actor,
    idempotency?: Idempotency,
  ): Promise<{ environment: Environment; receipt: Receipt }> {
    const name = checkName('environment', input.name);
    if (!(ENVIRONMENT_TYPES as readonly string[]).includes(input.type))
      throw new EvidentError('bad_request', `type must be one of ${ENVIRONMENT_TYPES.join(', ')}`);
    const existing = await this.deps.store.environment(org, name);
    if (existing !== undefined && existing.type !== input.type)
      throw new EvidentError(
        'conflict',
        `environment ${name} is of type ${existing.type}; its type cannot change`,
      );
    const includes = [...new Set(input.includes ?? [])];
    if (input.type === 'logical') {
      if (includes.length === 0)
        throw new EvidentError('bad_request', 'a logical environment includes at least one environment');
      for (const member of includes) {
        const found = await this.deps.store.environment(org, member);
        if (found === undefined)
          throw new EvidentError('bad_request', `included environment ${member} not found`);
        if (found.type === 'logical')
          throw new EvidentError(
            'bad_request',
            `${member} is logical: a logical environment includes physical ones`,
          );
      }
    } else if (includes.length > 0) {
      throw new EvidentError('bad_request', 'only a logical environment includes others');
    }
    const policies = [...new Set(input.policies ?? [])];
    for (const policy of policies) {
      if ((await this.deps.store.policyVersions(org, policy)).length === 0)
        throw new EvidentError('bad_request', `policy ${policy} not found: create it first`);
    }
    const receipt = await this.deps.sequencer.append(
      org,
      eventRequest(
        ENVIRONMENT_SAVED,
        actor,
        {
          name,
          type: input.type,
          description: input.description ?? existing?.description ?? '',
          includes,
          policies,
        },
        idempotency,
      ),
    );
    return { environment: await this.environment(org, name), receipt };
  }

  /** Every environment; a logical one is compliant when all its members are, and runs what they run. */
  async list(org: string): Promise<Environment[]> {
    const all = await this.deps.store.environments(org);
    const byName = new Map(all.map((e) => [e.name, e]));
    return all.map((e) =>
      e.type === 'logical'
        ? ofMembers(
            e,
            e.includes.map((m) => byName.get(m)),
          )
        : e,
    );
  }

  find(org: string, name: string): Promise<Environment | undefined> {
    return this.deps.store.environment(org, name);
  }

  async environment(org: string, name: string): Promise<Environment> {
    const found = await this.deps.store.environment(org, name);
    if (found === undefined) throw new EvidentError('not_found', `environment ${name} not found`);
    if (found.type !== 'logical') return found;
    const members = await Promise.all(found.includes.map((m) => this.deps.store.environment(org, m)));
    return ofMembers(found, members);
  }

  /**
   * Creates the next version of a policy. Versions are immutable; sending the latest version's text
   * again creates nothing and answers with that version.
   */
  async createPolicy(
    org: string,
    name: string,
    source: string,
    actor: Actor,
    idempotency?: Idempotency,
  ): Promise<{ name: string; version: number; policy: Policy; receipt: Receipt | null }> {
    checkName('policy', name);
    const policy = parsePolicy(source, checkType);
    const versions = await this.deps.store.policyVersions(org, name);
    const latest = versions.at(-1);
    if (latest?.source === source) return { name, version: latest.version, policy, receipt: null };
    const version = (latest?.version ?? 0) + 1;
    const receipt = await this.deps.sequencer.append(
      org,
      eventRequest(POLICY_CREATED, actor, { name, version, source }, idempotency),
    );
    return { name, version, policy, receipt };
  }

  async policy(org: string, name: string) {
    const versions = await this.deps.store.policyVersions(org, name);
    if (versions.length === 0) throw new EvidentError('not_found', `policy ${name} not found`);
    return versions.map((v) => ({
      name: v.name,
      version: v.version,
      source: v.source,
      policy: parsePolicy(v.source, checkType),
      createdAt: v.created_at,
    }));
  }

  policies(org: string) {
    return this.deps.store.policies(org);
  }

  /**
   * Records what a reporter sees running. When it equals the current snapshot nothing is appended
   * (DESIGN §4: a new snapshot only when the set changes); either way "last seen" is refreshed.
   */
  async report(
    org: string,
    environment: string,
    artifacts: readonly { name: string; fingerprint: string; instances?: number }[],
    actor: Actor,
    idempotency?: Idempotency,
    observedAt?: string,
  ): Promise<{ changed: boolean; snapshot: number; receipt: Receipt | null }> {
    const env = await this.environment(org, environment);
    const observed = observedAt === undefined ? undefined : checkObservedAt(observedAt, this.deps.now());
    if (env.type === 'logical')
      throw new EvidentError(
        'bad_request',
        `${environment} is logical: report its member environments instead`,
      );
    if (artifacts.length > MAX_ARTIFACTS)
      throw new EvidentError('payload_too_large', `a snapshot lists at most ${MAX_ARTIFACTS} artifacts`);
    const running = canonicalRunningSet(artifacts.map(checkRunning));
    const size = Buffer.byteLength(canonicalize(running));
    if (size > MAX_ENTRY_BYTES - 1024)
      throw new EvidentError(
        'payload_too_large',
        `this running set takes ${size} bytes, more than one ledger entry holds (${MAX_ENTRY_BYTES}); split the environment`,
      );
    await this.deps.store.seen(org, environment, new Date(this.deps.now()).toISOString());
    if (env.snapshots > 0 && sameRunningSet(await this.deps.store.currentSet(org, environment), running))
      return { changed: false, snapshot: env.snapshots, receipt: null };
    const receipt = await this.deps.sequencer.append(
      org,
      eventRequest(
        SNAPSHOT_REPORTED,
        actor,
        {
          environment,
          artifacts: running as unknown as JsonValue,
          ...(observed !== undefined && { observedAt: observed }),
        },
        idempotency,
      ),
    );
    return { changed: true, snapshot: (await this.environment(org, environment)).snapshots, receipt };
  }

  /** A snapshot by number, by count back from the latest, or the one running at an instant. */
  async snapshot(
    org: string,
    environment: string,
    selector: SnapshotSelector,
  ): Promise<Snapshot | LogicalSnapshot> {
    const env = await this.environment(org, environment);
    if (env.type === 'logical') {
      if (selector.kind !== 'latest' && selector.kind !== 'at')
        throw new EvidentError(
          'bad_request',
          `${environment} is logical: ask for its latest snapshot or one at a time`,
        );
      const members: Snapshot[] = [];
      for (const member of env.includes) {
        const { found } = await this.physicalSnapshot(org, await this.environment(org, member), selector);
        if (found !== undefined) members.push(found);
      }
      return { environment, compliant: members.every((m) => m.compliant), members };
    }
    const { found, missing } = await this.physicalSnapshot(org, env, selector);
    if (found === undefined) throw new EvidentError('not_found', missing);
    return found;
  }

  /** The change log of an environment (of its members, if logical), newest first. */
  async changes(
    org: string,
    environment: string,
    window: { since?: string; until?: string; before?: number; limit: number },
  ): Promise<EnvironmentChange[]> {
    const env = await this.environment(org, environment);
    return this.deps.store.changes(org, env.type === 'logical' ? env.includes : [environment], window);
  }

  /** The change log of every environment of the org, merged, newest first (the home page). */
  async recentChanges(org: string, window: { before?: number; limit: number }): Promise<EnvironmentChange[]> {
    const physical = (await this.deps.store.environments(org)).filter((e) => e.type !== 'logical');
    return recentChanges(
      this.deps.reader,
      org,
      physical.map((e) => e.name),
      window,
    );
  }

  /** What changed between two snapshots, which may be of different environments. */
  diff(from: readonly ReportedArtifact[], to: readonly ReportedArtifact[]) {
    return runningSetChanges(canonicalRunningSet(from), canonicalRunningSet(to));
  }

  /**
   * The gate of `evident assert artifact FP --environment ENV`: would the artifact comply with the
   * environment's policies if it ran there now (for a logical environment: in every member)?
   */
  async check(org: string, environment: string, fingerprint: string): Promise<ArtifactVerdict> {
    const hex = normaliseSha256(fingerprint);
    if (hex === undefined)
      throw new EvidentError('bad_request', 'the fingerprint must be a SHA-256 (64 hex digits)');
    const targets = await this.physical(org, await this.environment(org, environment));
    const reasons: string[] = [];
    const notes: string[] = [];
    const at = new Date(this.deps.now()).toISOString();
    for (const target of targets) {
      const [facts] = await artifactFacts(
        this.deps.reader,
        org,
        { name: target.name, type: target.type },
        [{ name: hex, fingerprint: hex, instances: 1 }],
        { at, running: false },
      );
      if (facts === undefined) throw new Error('artifactFacts answers one entry per artifact');
      const verdict = artifactVerdict(await this.policiesOf(org, target), facts);
      const where = (r: string) => (targets.length > 1 ? `${target.name}: ${r}` : r);
      reasons.push(...verdict.reasons.map(where));
      notes.push(...(verdict.notes ?? []).map(where));
    }
    return { compliant: reasons.length === 0, reasons, ...(notes.length > 0 && { notes }) };
  }

  /** The latest version of each policy a physical environment follows, parsed. */
  async policiesOf(org: string, env: Environment): Promise<{ name: string; policy: Policy }[]> {
    return followedPolicies(this.deps.reader, org, env.policies);
  }

  /** A physical environment, or its members when it is logical. */
  async physical(org: string, env: Environment): Promise<Environment[]> {
    return env.type === 'logical' ? Promise.all(env.includes.map((m) => this.environment(org, m))) : [env];
  }

  /** The snapshot selected, or why there is none. */
  private async physicalSnapshot(
    org: string,
    env: Environment,
    selector: SnapshotSelector,
  ): Promise<{ found: Snapshot | undefined; missing: string }> {
    const { store } = this.deps;
    let found: Snapshot | undefined;
    let missing: string;
    switch (selector.kind) {
      case 'latest':
        found = await store.latestSnapshot(org, env.name);
        missing = `environment ${env.name} has no snapshot yet`;
        break;
      case 'number':
        found = await store.snapshotNumber(org, env.name, selector.number);
        missing = `environment ${env.name} has ${env.snapshots} snapshot(s), not #${selector.number}`;
        break;
      case 'back':
        found =
          env.snapshots - selector.count >= 1
            ? await store.snapshotNumber(org, env.name, env.snapshots - selector.count)
            : undefined;
        missing = `environment ${env.name} has ${env.snapshots} snapshot(s): none ${selector.count} back`;
        break;
      case 'at':
        found = await store.snapshotAt(org, env.name, selector.at);
        missing = `environment ${env.name} had no snapshot at ${selector.at}`;
        break;
    }
    return { found, missing };
  }
}

/** A logical environment as its members make it: compliant when all are, running what they run. */
function ofMembers(logical: Environment, members: readonly (Environment | undefined)[]): Environment {
  const reported = members.flatMap((m) => (m?.lastSnapshotAt ? [m.lastSnapshotAt] : []));
  return {
    ...logical,
    compliant: members.every((m) => m?.compliant !== false),
    running: members.reduce((sum, m) => sum + (m?.running ?? 0), 0),
    lastSnapshotAt: reported.sort().at(-1) ?? null,
  };
}

/** Clocks drift; a report from further ahead than this is refused. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * When the reporter saw the running set (ISO 8601): it may be much earlier than now when the report
 * waited in the CLI's spool through an outage, never later than now (beyond clock skew).
 */
function checkObservedAt(text: string, now: number): string {
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(time))
    throw new EvidentError('bad_request', 'observedAt must be an ISO 8601 instant with Z or an offset');
  if (time > now + MAX_CLOCK_SKEW_MS)
    throw new EvidentError('bad_request', `observedAt ${text} is in the future by the server's clock`);
  return new Date(time).toISOString();
}

/** One reported artifact, checked: a name, a SHA-256, a positive instance count. */
function checkRunning(
  a: { name: string; fingerprint: string; instances?: number },
  i: number,
): ReportedArtifact {
  const fingerprint = normaliseSha256(a.fingerprint);
  if (fingerprint === undefined)
    throw new EvidentError('bad_request', `artifacts[${i}].fingerprint must be a SHA-256 (64 hex digits)`);
  const name = a.name.trim();
  if (name === '' || name.length > 512)
    throw new EvidentError('bad_request', `artifacts[${i}].name must be 1 to 512 characters`);
  const instances = a.instances ?? 1;
  if (!Number.isInteger(instances) || instances < 1 || instances > 1_000_000)
    throw new EvidentError('bad_request', `artifacts[${i}].instances must be a whole number from 1`);
  return { name, fingerprint, instances };
}
