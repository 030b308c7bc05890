import type { Party } from '../model/approval.ts';
import type { AuditFinding, AuditReport, AuditSummary } from './auditReportTypes.ts';

/** "alice", "service account github-actions", "token tok_1", "the server". */
export function partyName(party: Party): string {
  switch (party.kind) {
    case 'user':
      return party.name ?? 'a user';
    case 'service_account':
      return `service account ${party.name ?? '?'}`;
    case 'token':
      return `token ${party.name ?? '?'}`;
    case 'system':
      return 'the server';
  }
}

const short = (fingerprint: string) => `sha256:${fingerprint.slice(0, 12)}…`;
const entries = (...indices: (number | null)[]) => {
  const known = indices.filter((i): i is number => i !== null);
  return known.length === 0 ? '' : ` (entr${known.length === 1 ? 'y' : 'ies'} ${known.join(', ')})`;
};
/** A reason without its own final full stop, so that the sentence it goes into adds the punctuation. */
const bare = (reason: string) => reason.replace(/\.+$/, '');
const because = (reasons: readonly string[]) =>
  reasons.length === 0 ? '' : `: ${reasons.map(bare).join('; ')}`;

/**
 * The top of the report: the verdict over everything told, what an auditor must look at (problems)
 * and should know (notes), each a sentence with the entries it stands on, and the counts.
 */
export function auditSummary(report: Omit<AuditReport, 'summary'>): AuditSummary {
  const problems: AuditFinding[] = [];
  const notes: AuditFinding[] = [];
  const { subject } = report;
  let unknown = report.gaps.length > 0;

  if (subject.kind === 'artifact' && report.artifacts.every((a) => a.builds.length === 0))
    problems.push({
      text: `No pipeline reported ${short(subject.fingerprint)}: it has no provenance — nothing is on record of the commit, build, tests or reviews behind it.`,
      indices: [],
    });
  if (subject.kind !== 'environment')
    for (const t of report.trails)
      if (!t.compliant)
        problems.push({
          text: `Trail ${t.flow} / ${t.name} is not compliant${entries(t.index)}${because(t.reasons)}.`,
          indices: [t.index],
        });

  for (const a of report.artifacts)
    for (const run of a.runs) {
      const what = `${run.name} (${short(a.fingerprint)})`;
      const period =
        run.until === null
          ? `from ${run.from}${entries(run.fromIndex)}, still running at the checkpoint`
          : `from ${run.from} until ${run.until}${entries(run.fromIndex, run.untilIndex)}`;
      if (run.unauthorised === true)
        problems.push({
          text: `${what} ran unauthorised in ${run.environment} ${period}${because(run.reasons)}.`,
          indices: [run.fromIndex, ...(run.untilIndex === null ? [] : [run.untilIndex])],
        });
      if (run.compliant === null) {
        unknown = true;
        notes.push({
          text: `The verdict on ${what} when it started in ${run.environment} at ${run.from}${entries(run.fromIndex)} is unknown: the package lacks what it takes (see the gaps).`,
          indices: [run.fromIndex],
        });
      }
      for (const change of run.verdictChanges) {
        if (change.compliant === null) unknown = true;
        if (change.compliant === false)
          problems.push({
            text: `While running in ${run.environment}, ${what} became non-compliant at ${change.at}${entries(change.index)}${because(change.reasons)}.`,
            indices: [change.index],
          });
      }
    }

  let snapshots = new Set(
    report.artifacts.flatMap((a) => a.runs.flatMap((r) => [r.fromIndex, r.untilIndex ?? -1])),
  );
  if (subject.kind === 'environment') {
    snapshots = new Set();
    for (const env of report.environments) {
      const states = [...(env.baseline === null ? [] : [env.baseline]), ...env.states];
      states.forEach((state, i) => {
        if (state.kind === 'snapshot' && state !== env.baseline) snapshots.add(state.index);
        if (state.compliant === null) unknown = true;
        if (state.compliant !== false) return;
        const broken = state.running
          .filter((r) => r.compliant === false)
          .map((r) => `${r.name} (${short(r.fingerprint)})${because(r.reasons)}`);
        // When it was compliant again, if it was: the first later state that is.
        const next = states.slice(i + 1).find((s) => s.compliant !== false);
        const until = next?.compliant === true ? ` until ${next.at}${entries(next.index)}` : '';
        problems.push({
          text: `${env.name} was not compliant from ${state.at}${entries(state.index)}${until}, ${
            state.kind === 'snapshot' ? 'when this running set was reported' : 'when it was judged again'
          }: ${broken.join('; ')}.`,
          indices: [state.index, ...(next?.compliant === true ? [next.index] : [])],
        });
      });
    }
  }
  snapshots.delete(-1);

  for (const approval of report.approvals) {
    const what = `${short(approval.fingerprint)} into ${approval.environment}`;
    const last = approval.decisions.at(-1);
    if (approval.kind === 'exception') {
      const review =
        last === undefined
          ? 'It has not been reviewed.'
          : `It was reviewed and ${last.decision === 'approve' ? 'accepted' : 'rejected'} by ${last.by} at ${last.at}${entries(last.index)}${last.comment === null ? '' : `: “${last.comment}”`}.`;
      notes.push({
        text: `Break-glass: ${partyName(approval.requestedBy)} let ${what} without approval at ${approval.at}${entries(approval.id)}, giving the reason “${approval.comment ?? ''}”. ${review}`,
        indices: [approval.id, ...approval.decisions.map((d) => d.index)],
      });
    } else if (approval.status === 'rejected') {
      const rejection = approval.decisions.find((d) => d.decision === 'reject');
      notes.push({
        text: `Request ${approval.id} to let ${what} was rejected by ${rejection?.by ?? '?'} at ${rejection?.at ?? '?'}${entries(rejection?.index ?? null)}${rejection?.comment == null ? '' : `: “${rejection.comment}”`}.`,
        indices: [approval.id, ...approval.decisions.map((d) => d.index)],
      });
    } else if (approval.status === 'pending') {
      const approvers = new Set(approval.decisions.filter((d) => d.decision === 'approve').map((d) => d.by));
      notes.push({
        text: `Request ${approval.id} to let ${what} is pending: ${approvers.size} of ${approval.required} approval${approval.required === 1 ? '' : 's'}.`,
        indices: [approval.id, ...approval.decisions.map((d) => d.index)],
      });
    }
  }
  if (report.gaps.length > 0)
    notes.push({
      text: `The package lacks ${report.gaps.length} thing${report.gaps.length === 1 ? '' : 's'} the story needs (listed under Gaps); verdicts that depend on them are unknown.`,
      indices: [],
    });

  const runs = report.artifacts.flatMap((a) => a.runs);
  return {
    verdict: problems.length > 0 ? 'non-compliant' : unknown ? 'unknown' : 'compliant',
    problems,
    notes,
    counts: {
      trails: report.trails.length,
      artifacts: report.artifacts.length,
      attestations: report.trails.reduce((n, t) => n + t.attestations.length, 0),
      approvals: report.approvals.filter((a) => a.kind === 'request').length,
      breakGlass: report.approvals.filter((a) => a.kind === 'exception').length,
      runs: runs.length,
      unauthorisedRuns: runs.filter((r) => r.unauthorised === true).length,
      snapshots: snapshots.size,
      evidenceFiles: report.evidence.length,
      evidenceInPackage: report.evidence.filter((e) => e.inPackage).length,
    },
  };
}
