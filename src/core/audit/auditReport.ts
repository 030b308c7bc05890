import { EvidentError } from '../errors.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import { normaliseSha256 } from '../model/trail.ts';
import { artifactRunsOf } from './artifactRunsOf.ts';
import { readAuditEvents, type ApprovalRequested } from './auditEvents.ts';
import { AuditLedger, order } from './auditLedger.ts';
import type {
  AuditApproval,
  AuditArtifact,
  AuditAttestation,
  AuditEntry,
  AuditEnvironment,
  AuditEvidence,
  AuditReport,
  AuditReportInput,
  AuditRun,
  AuditSubject,
  AuditTrail,
} from './auditReportTypes.ts';
import { auditSummary } from './auditSummary.ts';
import { environmentTimeline, type EnvironmentState } from './environmentTimeline.ts';

export type * from './auditReportTypes.ts';

/**
 * The human story of an audit package (issue #8) as data: for each artifact, the commit and trail
 * that built it with the template in force, its attestations with their recorded verdicts, reasons
 * and evidence, approvals, break-glass, and every period it ran in an environment with the verdict
 * of the policies then; for an environment over a time range, its snapshots and re-evaluations with
 * their running sets, changes and the policies in force. Pure (DESIGN §2): the same input in any entry
 * order gives the same report, so a verifier recomputes it from the packaged entries alone.
 *
 * Attestation verdicts are the ones the ledger recorded (the verifier re-evaluates evidence apart).
 * The ledger records no trail or environment verdicts — projections derive them — so they are
 * derived here from the packaged entries with the same rules (trailCompliance, artifactVerdict),
 * each as of the entry that led to it.
 */
export function auditReport(input: AuditReportInput): AuditReport {
  const subject = checkSubject(input.subject);
  const entries = checkEntries(input.entries, input.checkpoint.size);
  const ledger = new AuditLedger(readAuditEvents(entries));
  const { events } = ledger;
  const gaps = new Set<string>();
  const packaged = new Map(input.evidence.map((e) => [e.sha256.toLowerCase(), e.size]));

  const timelines = new Map<string, EnvironmentState[]>();
  const timeline = (name: string) => {
    let found = timelines.get(name);
    if (found === undefined) {
      found = environmentTimeline(ledger, name);
      timelines.set(name, found);
    }
    return found;
  };
  const withSnapshots = [...new Set(events.snapshots.map((s) => s.environment))].sort(order);

  // What the package is about: fingerprints, and (for an environment) its physical environments and range.
  let fingerprints: string[] = [];
  let focus: { environments: string[]; from: number; until: number } | undefined;
  const told = new Map<string, { baseline: EnvironmentState | null; states: EnvironmentState[] }>();
  if (subject.kind === 'artifact') fingerprints = [subject.fingerprint];
  if (subject.kind === 'trail') {
    if (ledger.trailSaves(subject.flow, subject.trail).length === 0)
      gaps.add(`trail ${subject.flow} / ${subject.trail} is not in the package`);
    fingerprints = ledger.trailReports(subject.flow, subject.trail).map((r) => r.fingerprint);
  }
  if (subject.kind === 'environment') {
    const env = ledger.environment(subject.name);
    if (env === undefined) gaps.add(`the definition of environment ${subject.name} is not in the package`);
    focus = {
      environments: env?.type === 'logical' ? [...env.includes] : [subject.name],
      from: Date.parse(subject.from),
      until: Date.parse(subject.until),
    };
    const running = new Set<string>();
    for (const name of focus.environments) {
      const states = timeline(name);
      // The state in force at `from` (a snapshot at that very instant included), then those after it;
      // the baseline's changes are left out, for what ran before it is not in the package.
      const atStart = states.filter((s) => Date.parse(s.at) <= (focus?.from ?? 0)).at(-1);
      const baseline = atStart === undefined ? null : { ...atStart, changes: [] };
      const inRange = states.filter((s) => inside(s.at, focus));
      told.set(name, { baseline, states: inRange });
      for (const s of [...(baseline === null ? [] : [baseline]), ...inRange])
        for (const r of s.running) running.add(r.fingerprint);
    }
    fingerprints = [...running].sort(order);
  }
  const wanted = new Set(fingerprints);
  const envWanted = (name: string) => focus === undefined || focus.environments.includes(name);

  // Where they ran: each fingerprint's periods, oldest first.
  const runsOf = new Map<string, AuditRun[]>();
  for (const env of focus?.environments ?? withSnapshots)
    for (const [fp, found] of artifactRunsOf(env, timeline(env), wanted))
      runsOf.set(fp, [
        ...(runsOf.get(fp) ?? []),
        ...found.filter((r) => focus === undefined || overlaps(r, focus)),
      ]);
  for (const list of runsOf.values())
    list.sort(
      (a, b) => a.fromIndex - b.fromIndex || order(a.environment, b.environment) || order(a.name, b.name),
    );
  const runs = [...runsOf.values()].flat();

  // The trails that built them (and the subject trail, even when it reported nothing).
  const trailKeys = new Map<string, { flow: string; trail: string; index: number }>();
  const addTrail = (flow: string, trail: string, index: number) => {
    const k = `${flow}\u0000${trail}`;
    const seen = trailKeys.get(k);
    if (seen === undefined || seen.index > index) trailKeys.set(k, { flow, trail, index });
  };
  if (subject.kind === 'trail')
    addTrail(subject.flow, subject.trail, ledger.trailSaves(subject.flow, subject.trail)[0]?.index ?? -1);
  for (const fp of fingerprints) for (const r of ledger.reportsOf(fp)) addTrail(r.flow, r.trail, r.index);
  const trails = [...trailKeys.values()]
    .flatMap(({ flow, trail }) => trailStory(ledger, flow, trail, packaged, gaps))
    .sort((a, b) => a.index - b.index || order(a.flow, b.flow) || order(a.name, b.name));

  const approvals = approvalStories(ledger, wanted, envWanted);

  const artifacts = fingerprints
    .map((fp): AuditArtifact => {
      const builds = ledger
        .reportsOf(fp)
        .map((r) => {
          const verdict = ledger.trailVerdict(r.flow, r.trail)?.artifacts.get(fp);
          return {
            flow: r.flow,
            trail: r.trail,
            name: r.name,
            index: r.index,
            at: r.at,
            by: r.by,
            reports: r.reports,
            filename: r.filename,
            commit: r.commit,
            buildUrl: r.buildUrl,
            repository: r.repository,
            compliant: verdict?.compliant ?? null,
            reasons: verdict?.reasons ?? [],
          };
        })
        .sort((a, b) => a.index - b.index);
      const ran = runsOf.get(fp) ?? [];
      return {
        fingerprint: fp,
        names: [...new Set([...builds.map((b) => b.name), ...ran.map((r) => r.name)])].sort(order),
        builds,
        approvals: approvals.filter((a) => a.fingerprint === fp).map((a) => a.id),
        runs: ran,
      };
    })
    .sort(
      (a, b) =>
        (a.builds[0]?.index ?? Infinity) - (b.builds[0]?.index ?? Infinity) ||
        order(a.fingerprint, b.fingerprint),
    );

  // The environments told: the package's own, or wherever they ran or were asked into.
  const envNames =
    focus?.environments ??
    [...new Set([...runs.map((r) => r.environment), ...approvals.map((a) => a.environment)])].sort(order);
  const environments = envNames.map((name): AuditEnvironment => {
    const env = ledger.environment(name);
    const own = told.get(name);
    const states =
      own === undefined
        ? timeline(name).filter(
            (s) =>
              s.running.some((r) => wanted.has(r.fingerprint)) ||
              s.changes.some((c) => wanted.has(c.fingerprint)),
          )
        : [...(own.baseline === null ? [] : [own.baseline]), ...own.states];
    for (const s of states) for (const gap of s.gaps) gaps.add(gap);
    const versions = new Map<string, { name: string; version: number }>();
    for (const s of states) for (const p of s.policies) versions.set(`${p.name}\u0000${p.version}`, p);
    return {
      name,
      type: env?.type ?? null,
      description: env?.description ?? null,
      index: env?.index ?? null,
      includes: env?.includes ?? [],
      policies: ledger
        .policyVersionsOf([...versions.values()])
        .map((p) => ({ name: p.name, version: p.version, index: p.index, at: p.at, source: p.source })),
      baseline: own?.baseline ?? null,
      states: own?.states ?? [],
    };
  });

  const evidence = evidenceStories(ledger, trails, packaged, gaps);
  const report = {
    format: 'evident.audit-report' as const,
    version: 1 as const,
    subject,
    title: titleOf(subject, artifacts[0]?.names ?? []),
    log: {
      origin: input.origin,
      org: input.org,
      checkpoint: { size: input.checkpoint.size, rootHash: input.checkpoint.rootHash },
      entries: entries.length,
      firstIndex: entries[0]?.index ?? null,
      lastIndex: entries.at(-1)?.index ?? null,
      firstAt: entries[0]?.event.at ?? null,
      lastAt: entries.at(-1)?.event.at ?? null,
    },
    artifacts,
    trails,
    approvals,
    environments,
    evidence,
    gaps: [...gaps].sort(order),
  };
  return { ...report, summary: auditSummary(report) };
}

/** The subject, checked and in canonical form (a fingerprint without prefix, instants in UTC). */
function checkSubject(subject: AuditSubject): AuditSubject {
  switch (subject.kind) {
    case 'artifact': {
      const fingerprint = normaliseSha256(subject.fingerprint);
      if (fingerprint === undefined)
        throw new EvidentError(
          'bad_request',
          'the artifact of an audit package is a SHA-256 (64 hex digits)',
        );
      return { kind: 'artifact', fingerprint };
    }
    case 'trail':
      if (subject.flow === '' || subject.trail === '')
        throw new EvidentError('bad_request', 'the trail of an audit package needs a flow and a trail name');
      return { kind: 'trail', flow: subject.flow, trail: subject.trail };
    case 'environment': {
      const from = Date.parse(subject.from);
      const until = Date.parse(subject.until);
      if (subject.name === '' || Number.isNaN(from) || Number.isNaN(until) || from > until)
        throw new EvidentError(
          'bad_request',
          'an environment audit package needs an environment and a time range (from ≤ until, ISO 8601)',
        );
      return {
        kind: 'environment',
        name: subject.name,
        from: new Date(from).toISOString(),
        until: new Date(until).toISOString(),
      };
    }
  }
}

/** The entries in ledger order; each index once, and within the checkpoint they are proved against. */
function checkEntries(entries: readonly AuditEntry[], size: number): AuditEntry[] {
  const sorted = [...entries].sort((a, b) => a.index - b.index);
  sorted.forEach((e, i) => {
    if (!Number.isSafeInteger(e.index) || e.index < 0 || e.index >= size)
      throw new EvidentError(
        'bad_request',
        `entry ${e.index} is not within the checkpoint's ${size} entries`,
      );
    if (i > 0 && sorted[i - 1]?.index === e.index)
      throw new EvidentError('bad_request', `entry ${e.index} appears twice`);
  });
  return sorted;
}

/** "Artifact api (sha256:0123456789ab…)", "Trail payments-api / build-1043", "Environment prod, … to …". */
function titleOf(subject: AuditSubject, names: readonly string[]): string {
  switch (subject.kind) {
    case 'artifact': {
      const short = `sha256:${subject.fingerprint.slice(0, 12)}…`;
      return names.length === 0 ? `Artifact ${short}` : `Artifact ${names.join(', ')} (${short})`;
    }
    case 'trail':
      return `Trail ${subject.flow} / ${subject.trail}`;
    case 'environment':
      return `Environment ${subject.name}, ${subject.from} to ${subject.until}`;
  }
}

/** In (from, until]: what holds at `from` is the baseline. */
const inside = (at: string, range: { from: number; until: number } | undefined) =>
  range !== undefined && Date.parse(at) > range.from && Date.parse(at) <= range.until;

/** A run that overlaps the range at all. */
const overlaps = (run: AuditRun, range: { from: number; until: number }) =>
  Date.parse(run.from) <= range.until && (run.until === null || Date.parse(run.until) >= range.from);

/** A trail's story, or nothing (and a gap) when the package does not hold its entries. */
function trailStory(
  ledger: AuditLedger,
  flow: string,
  name: string,
  packaged: ReadonlyMap<string, number>,
  gaps: Set<string>,
): AuditTrail[] {
  const saves = ledger.trailSaves(flow, name);
  const first = saves[0];
  const template = ledger.trailTemplate(flow, name, Infinity);
  const verdict = ledger.trailVerdict(flow, name);
  if (first === undefined || template === undefined || verdict === undefined) {
    gaps.add(`trail ${flow} / ${name} is not in the package`);
    return [];
  }
  const commit = saves.at(-1)?.commit ?? null;
  const recorded = ledger.trailAttestations(flow, name);
  const attestations = recorded.map((a): AuditAttestation => {
    const later = recorded.find(
      (b) =>
        b.index > a.index &&
        b.name === a.name &&
        b.targetFingerprint === a.targetFingerprint &&
        b.targetName === a.targetName,
    );
    return {
      index: a.index,
      at: a.at,
      by: a.by,
      name: a.name,
      type: a.type,
      targetFingerprint: a.targetFingerprint,
      targetName: a.targetName,
      compliant: a.compliant,
      claimed: a.claimed,
      reasons: a.reasons,
      summary: a.summary,
      params: a.params,
      typeVersion: a.typeVersion,
      data: a.data,
      evidence: a.evidence.map((f) => ({ ...f, inPackage: packaged.has(f.sha256) })),
      supersededBy: later?.index ?? null,
    };
  });
  const flowSaved = ledger.flow(flow, Infinity);
  if (flowSaved === undefined) gaps.add(`flow ${flow} is not in the package`);
  return [
    {
      flow,
      name,
      description: saves.at(-1)?.description ?? '',
      index: first.index,
      at: first.at,
      by: first.by,
      saves: saves.map((s) => s.index),
      flowDescription: flowSaved?.description ?? null,
      commit:
        commit === null
          ? null
          : {
              sha: commit.sha,
              author: commit.author ?? null,
              committer: commit.committer ?? null,
              message: commit.message ?? null,
              timestamp: commit.timestamp ?? null,
              branch: commit.branch ?? null,
              url: commit.url ?? null,
              parents: commit.parents ?? [],
            },
      originUrl: saves.at(-1)?.originUrl ?? null,
      template: { ...template, template: template.template as unknown as JsonValue },
      artifacts: ledger.trailReports(flow, name).map((r) => {
        const c = verdict.artifacts.get(r.fingerprint);
        return {
          fingerprint: r.fingerprint,
          name: r.name,
          index: r.index,
          at: r.at,
          compliant: c?.compliant ?? false,
          reasons: c?.reasons ?? [],
        };
      }),
      attestations,
      compliant: verdict.trail.compliant,
      reasons: verdict.trail.reasons,
    },
  ];
}

/** Requests and break-glass exceptions for the fingerprints (in the environments told), with decisions. */
function approvalStories(
  ledger: AuditLedger,
  fingerprints: ReadonlySet<string>,
  envWanted: (name: string) => boolean,
): AuditApproval[] {
  const { events } = ledger;
  const wanted = (a: { environment: string; fingerprint: string }) =>
    fingerprints.has(a.fingerprint) && envWanted(a.environment);
  const statusOf = (a: { environment: string; fingerprint: string; index: number }) =>
    ledger.approvals(a.environment, a.fingerprint).find((x) => x.id === a.index);
  const decisionsOf = (id: number) =>
    (
      statusOf(
        [...events.requests, ...events.exceptions].find((a) => a.index === id) ?? {
          environment: '',
          fingerprint: '',
          index: id,
        },
      )?.decisions ?? []
    ).map((d) => ({ index: d.index, at: d.at, by: d.user, decision: d.decision, comment: d.comment }));
  const requests = events.requests.filter(wanted).map((r): AuditApproval => ({
    id: r.index,
    kind: 'request',
    environment: r.environment,
    fingerprint: r.fingerprint,
    at: r.at,
    requestedBy: r.by,
    comment: r.comment,
    required: r.required,
    expiresAt:
      r.expiresAfterHours === null
        ? null
        : new Date(Date.parse(r.at) + r.expiresAfterHours * 3600_000).toISOString(),
    ...changeOf(r),
    decisions: decisionsOf(r.index),
    status: statusOf(r)?.status ?? 'pending',
  }));
  const exceptions = events.exceptions.filter(wanted).map((e): AuditApproval => ({
    id: e.index,
    kind: 'exception',
    environment: e.environment,
    fingerprint: e.fingerprint,
    at: e.at,
    requestedBy: { kind: 'user', name: e.user },
    comment: e.reason,
    required: 1,
    expiresAt: null,
    verdictAtRequest: null,
    commits: [],
    decisions: decisionsOf(e.index),
    status: statusOf(e)?.status ?? 'unreviewed',
  }));
  return [...requests, ...exceptions].sort((a, b) => a.id - b.id);
}

/** The verdict and commits a request recorded with its change (approvalChange.ts), read defensively. */
function changeOf(r: ApprovalRequested): Pick<AuditApproval, 'verdictAtRequest' | 'commits'> {
  const change = r.change as unknown as Record<string, unknown> | null;
  const verdict = change?.verdict as { compliant?: unknown; reasons?: unknown } | undefined;
  const commits = Array.isArray(change?.commits) ? (change.commits as Record<string, unknown>[]) : [];
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    verdictAtRequest:
      typeof verdict?.compliant === 'boolean'
        ? {
            compliant: verdict.compliant,
            reasons: Array.isArray(verdict.reasons)
              ? verdict.reasons.filter((x) => typeof x === 'string')
              : [],
          }
        : null,
    commits: commits
      .filter((c) => typeof c.sha === 'string')
      .map((c) => ({ sha: String(c.sha), author: text(c.author), message: text(c.message) })),
  };
}

/** Every evidence file the trails' attestations reference or the package holds. */
function evidenceStories(
  ledger: AuditLedger,
  trails: readonly AuditTrail[],
  packaged: ReadonlyMap<string, number>,
  gaps: Set<string>,
): AuditEvidence[] {
  const found = new Map<string, { names: Set<string>; attestations: number[] }>();
  const entry = (sha256: string) => {
    let e = found.get(sha256);
    if (e === undefined) {
      e = { names: new Set(), attestations: [] };
      found.set(sha256, e);
    }
    return e;
  };
  for (const t of trails)
    for (const a of t.attestations)
      for (const f of a.evidence) {
        const e = entry(f.sha256);
        e.names.add(f.name);
        if (!e.attestations.includes(a.index)) e.attestations.push(a.index);
        if (!f.inPackage)
          gaps.add(`evidence ${f.sha256} (${f.name}) of attestation ${a.index} is not in the package`);
      }
  for (const sha256 of packaged.keys()) entry(sha256);
  return [...found.entries()]
    .map(([sha256, e]): AuditEvidence => {
      const stored = ledger.events.evidence.find((s) => s.sha256 === sha256);
      return {
        sha256,
        names: [...e.names].sort(order),
        size: packaged.get(sha256) ?? stored?.size ?? null,
        mediaType: stored?.mediaType ?? null,
        storedIndex: stored?.index ?? null,
        inPackage: packaged.has(sha256),
        attestations: e.attestations.sort((a, b) => a - b),
      };
    })
    .sort((a, b) => order(a.sha256, b.sha256));
}
