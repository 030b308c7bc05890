import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, orgPath, query as queryString } from '../api.ts';
import { personalBarrier, roleBarrier } from '../approvalRights.ts';
import {
  artifactName,
  type Approval,
  type ApprovalPage,
  type ChangeArtifact,
  type Decision,
  type ListedApproval,
} from '../approvalTypes.ts';
import type { ArtifactRun, ArtifactRuns } from '../artifactTypes.ts';
import { ApprovalCard } from '../components/ApprovalCard.tsx';
import { DecidedApprovals } from '../components/DecidedApprovals.tsx';
import { DecisionForm } from '../components/DecisionForm.tsx';
import { Empty, Loaded, Page, Section } from '../components/Page.tsx';
import type { ArtifactRecord } from '../deliveryTypes.ts';
import type { PageProps } from '../routes.tsx';
import { useResource } from '../useResource.ts';

/** What is known of an exception's fingerprint: the trails that reported it and where it ran. */
interface Known {
  readonly builds: readonly ChangeArtifact[];
  readonly runs: readonly ArtifactRun[];
}

/** Decided requests shown at a time; older ones page with `?before=`. */
const DECIDED_PAGE = 25;

/** The sentence that confirms a recorded decision, with what it changed. */
function confirmation(decision: Decision, after: Approval, listed: ListedApproval): string {
  const what = `${after.kind} ${after.id} (${artifactName(listed)} → ${after.environment})`;
  const done = `You ${decision === 'approve' ? 'approved' : 'rejected'} ${what}.`;
  if (after.kind === 'exception')
    return after.status === 'rejected'
      ? `${done} The exception is withdrawn: it no longer counts as approval.`
      : `${done} The exception is reviewed and keeps counting as approval.`;
  if (after.status === 'rejected') return `${done} It is rejected: its approvals no longer count.`;
  const approvals = after.decisions.filter((d) => d.decision === 'approve').length;
  if (after.status === 'approved') return `${done} It is approved (${approvals} of ${after.required}).`;
  const missing = after.required - approvals;
  return `${done} It needs ${missing} more approval${missing === 1 ? '' : 's'}.`;
}

/** The approvals inbox (issue #7): what waits for a decision, break-glass to review, and what was decided. */
export function Approvals({ session, query }: PageProps) {
  const before = query.get('before') ?? undefined;
  const list = (status: string, limit: number, page?: string) =>
    api.get<ApprovalPage>(orgPath(session.org, 'approvals') + queryString({ status, limit, before: page }));
  /**
   * Where a fingerprint ran, and the trails that reported it. Only a reported one has a build record
   * to read; one no pipeline reported is known by the names it ran under (none: never seen at all).
   */
  const knownAs = async (fingerprint: string): Promise<Known> => {
    let runs: ArtifactRuns;
    try {
      runs = await api.get<ArtifactRuns>(orgPath(session.org, 'artifacts', fingerprint, 'runs'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { builds: [], runs: [] };
      throw error;
    }
    if (!runs.reported) return { builds: [], runs: runs.runs };
    const record = await api.get<ArtifactRecord>(orgPath(session.org, 'artifacts', fingerprint));
    return { builds: record.reports.map(({ artifact }) => artifact), runs: runs.runs };
  };
  const [inbox, reload] = useResource(`approvals ${session.org} ${before ?? ''}`, async () => {
    const [pending, unreviewed, decided, reviewed, stale] = await Promise.all([
      list('pending', 100),
      list('exception-unreviewed', 100),
      list('decided', DECIDED_PAGE, before),
      list('exception-reviewed', 10),
      list('stale', 10),
    ]);
    // An exception records only the fingerprint; what it let in is looked up once per fingerprint.
    const fingerprints = new Set([...unreviewed.approvals, ...reviewed.approvals].map((a) => a.fingerprint));
    const known = new Map(
      await Promise.all([...fingerprints].map(async (f) => [f, await knownAs(f)] as const)),
    );
    const listed = (page: ApprovalPage): ListedApproval[] =>
      page.approvals.map((approval) => {
        const { builds, runs } = known.get(approval.fingerprint) ?? { builds: [], runs: [] };
        const here = runs.filter((r) => r.environment === approval.environment);
        return {
          approval,
          builds: approval.change?.artifacts ?? builds,
          ranAs: (here.length > 0 ? here : runs).map((r) => r.name),
        };
      });
    return {
      pending: listed(pending),
      unreviewed: listed(unreviewed),
      decided: listed(decided),
      olderDecided: decided.next,
      reviewed: listed(reviewed),
      stale: listed(stale),
    };
  });
  const [outcome, setOutcome] = useState<string | null>(null);
  const notice = useRef<HTMLParagraphElement>(null);
  useEffect(() => notice.current?.focus(), [outcome]);

  const decide = (listed: ListedApproval) => {
    const { approval } = listed;
    // A role that may not decide is told once, above the list (roleNotice), not on every request.
    if (roleBarrier(session, approval.kind) !== null) return null;
    const barrier = personalBarrier(session, approval);
    if (barrier !== null) return <p class="hint">{barrier}</p>;
    return (
      <DecisionForm
        org={session.org}
        approval={approval}
        onDecided={(decision, after) => {
          setOutcome(confirmation(decision, after, listed));
          reload();
        }}
      />
    );
  };
  /** Requests or exceptions that take decisions, each with its form (or why the viewer cannot decide). */
  const cards = (open: readonly ListedApproval[]) => (
    <ul class="approval-list">
      {open.map((l) => (
        <ApprovalCard key={l.approval.id} listed={l}>
          {decide(l)}
        </ApprovalCard>
      ))}
    </ul>
  );
  const roleNotice = (kind: Approval['kind']) => {
    const barrier = roleBarrier(session, kind);
    return barrier === null ? null : (
      <p class="notice" data-testid="role-notice">
        <strong>Read only.</strong> {barrier}
      </p>
    );
  };

  return (
    <Page
      title="Approvals"
      subtitle="Requests to let an artifact into an environment, and break-glass exceptions. Every decision is a ledger entry."
    >
      {outcome !== null && (
        <p class="notice notice-good" role="status" tabIndex={-1} ref={notice}>
          <span aria-hidden="true">✓</span> {outcome}
        </p>
      )}
      <Loaded resource={inbox}>
        {({ pending, unreviewed, decided, olderDecided, reviewed, stale }) => (
          <>
            <Section title={`Waiting for a decision (${pending.length})`}>
              {roleNotice('request')}
              {pending.length === 0 ? (
                <Empty title="Nothing is waiting for a decision.">
                  A pipeline asks with{' '}
                  <code>evident request approval --environment prod --fingerprint …</code>; its request
                  appears here for the approvers.
                </Empty>
              ) : (
                cards(pending)
              )}
            </Section>

            <Section title={`Break-glass exceptions awaiting review (${unreviewed.length})`}>
              {unreviewed.length > 0 && roleNotice('exception')}
              {unreviewed.length === 0 ? (
                <Empty title="No break-glass exception awaits review.">
                  An emergency deployment without approval (<code>evident break-glass</code>) appears here
                  until someone other than the person who broke the glass reviews it.
                </Empty>
              ) : (
                cards(unreviewed)
              )}
              {reviewed.length > 0 && (
                <>
                  <h3 class="subheading">Recently reviewed exceptions</h3>
                  <DecidedApprovals listed={reviewed} caption="Reviewed break-glass exceptions" />
                </>
              )}
            </Section>

            <Section
              title="Decided"
              actions={
                <nav class="pager" aria-label="Decided requests pages">
                  {before !== undefined && <a href="/approvals">Newest decisions</a>}
                  {olderDecided !== null && (
                    <a href={`/approvals${queryString({ before: olderDecided })}`}>Older decisions →</a>
                  )}
                </nav>
              }
            >
              {decided.length === 0 ? (
                <Empty title="No request has been decided yet.">
                  Approvals and rejections appear here with who decided, when and why.
                </Empty>
              ) : (
                <DecidedApprovals listed={decided} caption="Decided approval requests" />
              )}
            </Section>

            {stale.length > 0 && (
              <Section title="No longer open">
                <p class="hint">
                  These requests expired or were superseded by a request for a newer build before enough
                  people approved them.
                </p>
                <DecidedApprovals listed={stale} caption="Expired or superseded requests" />
              </Section>
            )}
          </>
        )}
      </Loaded>
    </Page>
  );
}
