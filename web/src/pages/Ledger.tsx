import { useState } from 'preact/hooks';
import { api, ApiError, orgPath, type Role } from '../api.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { Empty, Loaded, Page, Section } from '../components/Page.tsx';
import { Table } from '../components/Table.tsx';
import { Time } from '../components/Time.tsx';
import { RunOutcome, VerificationResult } from '../components/VerificationResult.tsx';
import { actorName, type LogStatus, type VerificationRun } from '../ledgerTypes.ts';
import type { PageProps } from '../routes.tsx';
import { useResource } from '../useResource.ts';

/** Who may start a verification (src/server/routes/logStatusRoutes.ts). */
const VERIFIERS: readonly Role[] = ['admin', 'auditor'];

type Verifying =
  | { readonly state: 'idle' }
  | { readonly state: 'running' }
  | { readonly state: 'done'; readonly run: VerificationRun }
  | { readonly state: 'failed'; readonly message: string };

/** The log's own state (issue #7): size, checkpoint, verifier keys, verification, and what they mean. */
export function Ledger({ session }: PageProps) {
  const { org } = session;
  const [ledger, reload] = useResource(`ledger ${org}`, async () => {
    const [status, runs] = await Promise.all([
      api.get<LogStatus>(orgPath(org, 'log', 'status')),
      api.get<{ verifications: VerificationRun[] }>(`${orgPath(org, 'log', 'verifications')}?limit=10`),
    ]);
    return { status, runs: runs.verifications };
  });
  const [verifying, setVerifying] = useState<Verifying>({ state: 'idle' });
  const mayVerify = VERIFIERS.includes(session.role);
  const checkpointUrl = orgPath(org, 'log', 'checkpoint');

  const verify = async (): Promise<void> => {
    setVerifying({ state: 'running' });
    try {
      const run = await api.post<VerificationRun>(orgPath(org, 'log', 'verifications'), {});
      setVerifying({ state: 'done', run });
      reload();
    } catch (e) {
      const reason = e instanceof ApiError ? e.message : String(e);
      setVerifying({
        state: 'failed',
        message: `The verification did not run: ${reason.replace(/\.?$/, '.')}`,
      });
    }
  };

  return (
    <Page
      title="Ledger"
      subtitle={`The tamper-evident log of every fact recorded for ${org}, and how to check it.`}
      actions={
        <>
          <a class="button" href={checkpointUrl} download={`${org}.checkpoint`}>
            Download checkpoint
          </a>
          {mayVerify && (
            <button
              type="button"
              class="primary"
              onClick={() => void verify()}
              disabled={verifying.state === 'running'}
            >
              {verifying.state === 'running' ? 'Verifying…' : 'Verify now'}
            </button>
          )}
        </>
      }
    >
      <div role="status" class="verify-status">
        {verifying.state === 'running' && (
          <p class="notice">Replaying the whole log of {org}; this can take a while…</p>
        )}
        {verifying.state === 'done' && (
          <p class={`notice ${verifying.run.ok ? 'notice-good' : 'notice-bad'}`}>
            <RunOutcome run={verifying.run} /> Verification finished: {verifying.run.size.toLocaleString()}{' '}
            entries checked{verifying.run.ok ? ', nothing wrong found.' : '; see the findings below.'}
          </p>
        )}
      </div>
      {verifying.state === 'failed' && (
        <p class="error-box" role="alert">
          {verifying.message}
        </p>
      )}
      <Loaded resource={ledger}>
        {({ status, runs }) => (
          <>
            <div class="grid ledger-stats">
              <section class="card" aria-labelledby="ledger-size">
                <h2 id="ledger-size" class="stat-label">
                  Entries in the log
                </h2>
                <p class="stat" data-testid="ledger-size">
                  {status.size.toLocaleString()}
                </p>
                <p class="hint">
                  Every record ever made for {org}, in order. Entries are never changed or removed.
                </p>
              </section>
              <section class="card" aria-labelledby="ledger-root">
                <h2 id="ledger-root" class="stat-label">
                  Root hash
                </h2>
                <p>
                  <code class="hash">{status.rootHash}</code>
                </p>
                <p class="hint">A fingerprint of all {status.size.toLocaleString()} entries together.</p>
              </section>
              <section class="card" aria-labelledby="ledger-verified">
                <h2 id="ledger-verified" class="stat-label">
                  Last verification
                </h2>
                {status.lastVerification === null ? (
                  <p class="muted">Never verified by this server.</p>
                ) : (
                  <p>
                    <RunOutcome run={status.lastVerification} />
                    <br />
                    <Time at={status.lastVerification.finishedAt} />, by{' '}
                    {actorName(status.lastVerification.by)}
                  </p>
                )}
              </section>
            </div>

            <Section title="Latest signed checkpoint">
              {status.checkpoint === null ? (
                <Empty title="No checkpoint yet.">
                  The server signs one as soon as the first entry is recorded.
                </Empty>
              ) : (
                <>
                  {status.checkpoint.problem !== undefined && (
                    <p class="error-box" role="alert">
                      {status.checkpoint.problem}
                    </p>
                  )}
                  <dl class="facts">
                    <dt>Origin</dt>
                    <dd>
                      <code>{status.checkpoint.origin}</code>
                    </dd>
                    <dt>Size</dt>
                    <dd>{status.checkpoint.size.toLocaleString()} entries</dd>
                    <dt>Root hash</dt>
                    <dd>
                      <code class="hash">{status.checkpoint.rootHash}</code>
                    </dd>
                    <dt>Signed</dt>
                    <dd>
                      <Time at={status.checkpoint.signedAt} />
                    </dd>
                  </dl>
                  <h3 class="subheading">The signed note</h3>
                  <pre data-testid="checkpoint-note">{status.checkpoint.note}</pre>
                  <p class="hint">
                    <a href={checkpointUrl} download={`${org}.checkpoint`}>
                      Download it as {org}.checkpoint
                    </a>{' '}
                    and keep it with your audit records: it is what a later check proves the log against.
                  </p>
                </>
              )}
            </Section>

            <Section title="Verifier keys">
              <p class="hint">
                The public halves of the server's signing keys: they check checkpoint signatures but cannot
                make them. The last one signs new checkpoints; older ones stay to check older checkpoints.
              </p>
              <ul class="vkeys">
                {status.vkeys.map((vkey, i) => (
                  <li key={vkey}>
                    <code class="hash" data-testid="vkey">
                      {vkey}
                    </code>
                    <CopyButton text={vkey} label={`verifier key ${i + 1}`} />
                  </li>
                ))}
              </ul>
            </Section>

            <Section title="Verification by this server">
              {status.lastVerification === null ? (
                <Empty title="This log has not been verified on the server yet.">
                  {mayVerify
                    ? 'Press “Verify now” to replay it.'
                    : 'An admin or auditor can start a verification here; anyone can check it offline as described below.'}
                </Empty>
              ) : (
                <VerificationResult run={status.lastVerification} />
              )}
              {!mayVerify && status.lastVerification !== null && (
                <p class="hint">Only an admin or an auditor can start a verification.</p>
              )}
              {runs.length > 1 && (
                <>
                  <h3 class="subheading">Recent runs</h3>
                  <Table columns={['Finished', 'Result', 'Entries', 'Asked by']}>
                    {runs.map((run) => (
                      <tr key={run.id}>
                        <td>
                          <Time at={run.finishedAt} />
                        </td>
                        <td>
                          <RunOutcome run={run} />
                        </td>
                        <td>{run.size.toLocaleString()}</td>
                        <td>{actorName(run.by)}</td>
                      </tr>
                    ))}
                  </Table>
                </>
              )}
            </Section>

            <Section title="What this means, and how to check it yourself">
              <div class="explain">
                <div>
                  <p>
                    Every fact Evident records for {org} — builds, test results, scans, approvals, what ran
                    where — is an entry in this append-only log. Nothing in it is edited or deleted: a
                    correction is a new entry.
                  </p>
                  <p>
                    The <strong>root hash</strong> is one fingerprint of all entries together: change a single
                    character of any entry and it changes. A <strong>checkpoint</strong> is the log's size and
                    root hash signed with the server's private key. The <strong>verifier key</strong> checks
                    that signature.
                  </p>
                  <p>
                    <strong>Verify now</strong> has this server replay the log: it recomputes every hash,
                    checks every checkpoint signature, rebuilds the records from the entries and re-hashes the
                    evidence files. It tells you what this server found.
                  </p>
                </div>
                <div>
                  <h3 class="subheading">Check it without trusting this server</h3>
                  <ol>
                    <li>
                      Download the checkpoint now and store it with your audit records. Get the verifier key
                      from your administrators through another channel than this page, and compare it with the
                      one above.
                    </li>
                    <li>
                      Later, on your own computer, check that the log only grew since — nothing that was
                      recorded then has been changed or removed:
                      <pre>{`evident verify log --checkpoint ${org}.checkpoint --vkey "$VKEY" \\
    --host ${window.location.origin} --org ${org}`}</pre>
                      where <code>VKEY</code> is the verifier key you hold, with an API token of {org} in{' '}
                      <code>EVIDENT_API_TOKEN</code>. It answers “OK”, or fails with the reason. See
                      “Verifying” in the README for the full offline replay of a database copy (
                      <code>evident verify</code>) and an independent verifier in plain Python.
                    </li>
                  </ol>
                </div>
              </div>
            </Section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
