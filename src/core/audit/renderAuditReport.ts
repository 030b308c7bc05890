import { attestationSummaryLine } from './attestationSummaryLine.ts';
import type {
  AuditApproval,
  AuditArtifact,
  AuditAttestation,
  AuditEnvironment,
  AuditReport,
  AuditTrail,
  AuditVerdict,
  EnvironmentState,
  RunningVerdict,
} from './auditReport.ts';
import { AUDIT_REPORT_STYLE } from './auditReportStyle.ts';
import { partyName } from './auditSummary.ts';
import { html, join, type Html, type HtmlValue } from './html.ts';

/**
 * report.html of an audit package (issue #8): the report as a complete HTML5 document a compliance
 * officer reads — the summary with the verdict, what the package covers, the checkpoint it is
 * anchored to and how to verify it, then the story from commit to production. Self-contained (inline
 * CSS, no script, no request: a Content-Security-Policy forbids both), every value escaped, and
 * deterministic: the same report gives the same bytes, so a verifier can recompute it.
 */
export function renderAuditReport(report: AuditReport): string {
  const environmentFirst = report.subject.kind === 'environment';
  const body = html`<header>
      <p class="eyebrow">Evident audit package · report</p>
      <h1>${withTimes(report.title)}</h1>
      <p class="muted">
        Organisation <strong>${report.log.org}</strong> · log <code>${report.log.origin}</code> · all times
        UTC
      </p>
    </header>
    ${summarySection(report)} ${environmentFirst ? environmentsSection(report) : trailsSection(report)}
    ${artifactsSection(report)} ${environmentFirst ? trailsSection(report) : environmentsSection(report)}
    ${evidenceSection(report)} ${gapsSection(report)}
    <footer>
      <p class="muted">
        Computed from the ledger entries of this package by Evident (report format ${report.format} version
        ${report.version}). Verdicts of attestations are as the server recorded them; trail and environment
        verdicts are derived from the packaged entries with Evident's rules, as of the entry that led to each.
        A reference such as ${ref(0)} names a ledger entry: the file <code>entries/0</code> of the package,
        with its inclusion proof in <code>proofs/0.json</code>.
      </p>
    </footer>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${html`Audit report: ${withTimes(report.title)}`.text}</title>
<style>${AUDIT_REPORT_STYLE}</style>
</head>
<body>
${compact(body.text)}
</body>
</html>
`;
}

// ---- small pieces -------------------------------------------------------------------------------

/**
 * The markup without the indentation of this file's templates: whitespace between two tags becomes
 * one line break, which renders exactly as any run of whitespace there (HTML §15.3.5). Text is not
 * touched — escaped values hold no `<`, so the contents of <pre> keep their own line breaks.
 */
function compact(markup: string): string {
  return markup.replace(/>[ \t\n\r]+</g, '>\n<');
}

/** An ISO 8601 instant (Z or an offset, any fraction) in a text. */
const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** The one way the page shows a time: "2026-11-19 02:30:00 UTC" (to the second). */
function shownTime(iso: string): string {
  const ms = new Date(iso).getTime();
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A text (a finding, a title) with each ISO instant in it shown as `shownTime` shows it. */
function withTimes(text: string): string {
  return text.replace(INSTANT, shownTime);
}

/** "2026-11-19 02:30:00 UTC" in a <time> element with the exact instant. */
function time(iso: string | null): Html {
  if (iso === null) return html`<span class="muted">—</span>`;
  const shown = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? shownTime(iso) : iso;
  return html`<time datetime="${iso}">${shown}</time>`;
}

/** A reference to a ledger entry of the package. */
function ref(index: number | null): Html {
  if (index === null) return html``;
  return html`<span class="ref" title="ledger entry ${index}: entries/${index} in this package"
    >#${index}</span
  >`;
}

function refs(indices: readonly number[]): Html {
  return join(
    indices.map((i) => ref(i)),
    ', ',
  );
}

type Tone = 'good' | 'bad' | 'warn' | 'unknown';

function badge(tone: Tone, icon: string, word: string): Html {
  return html`<span class="badge ${tone}"><span aria-hidden="true">${icon}</span> ${word}</span>`;
}

/** A verdict in an icon and a word: true, false, or null (unknown). */
function verdict(value: boolean | null): Html {
  if (value === true) return badge('good', '✓', 'Compliant');
  if (value === false) return badge('bad', '✗', 'Non-compliant');
  return badge('unknown', '?', 'Unknown');
}

function overall(value: AuditVerdict): Html {
  return verdict(value === 'compliant' ? true : value === 'non-compliant' ? false : null);
}

const unauthorised = () => badge('bad', '⚠', 'Unauthorised');

function reasons(list: readonly string[], notes: readonly string[] = []): Html {
  if (list.length === 0 && notes.length === 0) return html``;
  return html`<ul class="reasons">
    ${list.map((r) => html`<li>${withTimes(r)}</li>`)}${notes.map(
      (n) => html`<li>${badge('warn', '⚑', 'Break-glass')} ${n}</li>`,
    )}
  </ul>`;
}

function sha(hex: string): Html {
  return html`<code>${hex}</code>`;
}

const short = (hex: string) => `${hex.slice(0, 12)}…`;
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function table(head: readonly string[], rows: readonly Html[]): Html {
  return html`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          ${head.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

function dl(items: readonly (readonly [string, HtmlValue] | false)[]): Html {
  return html`<dl class="facts">
    ${items.map(
      (item) =>
        item !== false &&
        html`<dt>${item[0]}</dt>
          <dd>${item[1]}</dd>`,
    )}
  </dl>`;
}

// ---- summary ------------------------------------------------------------------------------------

function covers(report: AuditReport): Html {
  const s = report.subject;
  switch (s.kind) {
    case 'artifact': {
      const names = report.artifacts[0]?.names ?? [];
      return html`The artifact with SHA-256
      ${sha(s.fingerprint)}${names.length > 0 ? html` (${join(names, ', ')})` : ''}: the commit and trail that
      built it, its attestations with their evidence, its approvals, and every period it ran in an
      environment.`;
    }
    case 'trail':
      return html`Trail <strong>${s.trail}</strong> of flow <strong>${s.flow}</strong>: its commit, template,
        artifacts and attestations with their evidence, and for each artifact its approvals and every period
        it ran in an environment.`;
    case 'environment':
      return html`Environment <strong>${s.name}</strong> from ${time(s.from)} to ${time(s.until)}: what was
        running when the range began, every snapshot and re-evaluation in the range with the policies in
        force, and for each artifact that ran there its build, attestations and approvals.`;
  }
}

/** The summary lists this many problems and notes; the sections below and report.json tell all. */
const LISTED_FINDINGS = 100;

const more = (count: number) =>
  count > LISTED_FINDINGS &&
  html`<p class="muted">
    … and ${count - LISTED_FINDINGS} more, told in the sections below and listed in report.json.
  </p>`;

function summarySection(report: AuditReport): Html {
  const { summary, log } = report;
  const tone: Tone =
    summary.verdict === 'compliant' ? 'good' : summary.verdict === 'non-compliant' ? 'bad' : 'unknown';
  const headline =
    summary.verdict === 'compliant'
      ? 'Everything this package tells complied with the templates and policies in force.'
      : summary.verdict === 'non-compliant'
        ? `${plural(summary.problems.length, 'problem')} need${summary.problems.length === 1 ? 's' : ''} an auditor's attention (listed below).`
        : 'No problem was found, but some verdicts cannot be reached from this package (see Gaps).';
  const finding = (f: { text: string; indices: readonly number[] }) =>
    html`<li>
      ${withTimes(f.text)}${f.indices.length > 0 ? html` <span class="muted">— ${refs(f.indices)}</span>` : ''}
    </li>`;
  const c = summary.counts;
  return html`<section aria-labelledby="summary">
    <h2 id="summary">Summary</h2>
    <div class="verdict-box ${tone}" role="note">
      <p>
        ${overall(summary.verdict)}
        <strong
          >${
            summary.verdict === 'compliant'
              ? 'Compliant.'
              : summary.verdict === 'non-compliant'
                ? 'Not compliant.'
                : 'Verdict unknown.'
          }</strong
        >
        ${headline}
      </p>
    </div>
    ${dl([
      ['What this package covers', covers(report)],
      ['Organisation', report.log.org],
      [
        'Anchored to',
        html`The signed checkpoint of log ${sha(log.origin)} at size <strong>${log.checkpoint.size}</strong>,
          root hash ${sha(log.checkpoint.rootHash)}. Each entry of this package comes with its proof of
          inclusion in that log.`,
      ],
      [
        'Entries',
        log.entries === 0
          ? 'none'
          : html`${plural(log.entries, 'ledger entry', 'ledger entries')}, ${ref(log.firstIndex)} to
            ${ref(log.lastIndex)}, recorded from ${time(log.firstAt)} to ${time(log.lastAt)}.`,
      ],
    ])}
    <h3>Problems</h3>
    ${
      summary.problems.length === 0
        ? html`<p>None.</p>`
        : html`<ol>
              ${summary.problems.slice(0, LISTED_FINDINGS).map(finding)}
            </ol>
            ${more(summary.problems.length)}`
    }
    <h3>Notes</h3>
    ${
      summary.notes.length === 0
        ? html`<p>None.</p>`
        : html`<ul>
              ${summary.notes.slice(0, LISTED_FINDINGS).map(finding)}
            </ul>
            ${more(summary.notes.length)}`
    }
    <h3>At a glance</h3>
    ${table(
      [
        'Trails',
        'Artifacts',
        'Attestations',
        'Approval requests',
        'Break-glass',
        'Periods run',
        'Unauthorised',
        'Snapshots',
        'Evidence files',
      ],
      [
        html`<tr>
          <td>${c.trails}</td>
          <td>${c.artifacts}</td>
          <td>${c.attestations}</td>
          <td>${c.approvals}</td>
          <td>${c.breakGlass}</td>
          <td>${c.runs}</td>
          <td>${c.unauthorisedRuns}</td>
          <td>${c.snapshots}</td>
          <td>${c.evidenceInPackage} of ${c.evidenceFiles} in the package</td>
        </tr>`,
      ],
    )}
    <h3>How to verify this package</h3>
    <pre><code>evident verify package FILE --vkey KEY</code></pre>
    <p>
      <code>FILE</code> is the package (the <code>.tar.gz</code> file this report came in);
      <code>KEY</code> is the log's verifier key, which you obtain from the operator of the server (<code
        >evident keys list</code
      >, or <code>GET /api/v1/log/key</code>) — not from the package. Offline, with nothing else, the command
      checks the checkpoint's signature, each entry's bytes and inclusion proof, each evidence file's SHA-256,
      re-evaluates each attestation from its evidence, and recomputes this report from the entries: it exits 0
      when everything holds, and 5, naming what was altered, when anything does not.
    </p>
  </section>`;
}

// ---- trails -------------------------------------------------------------------------------------

function commitFacts(t: AuditTrail): Html {
  const c = t.commit;
  if (c === null) return html`<p class="muted">No commit is on record for this trail.</p>`;
  return dl([
    ['Commit', sha(c.sha)],
    c.message !== null && ['Message', html`<p class="message">${c.message}</p>`],
    c.author !== null && ['Author', c.author],
    c.committer !== null && ['Committer', c.committer],
    c.branch !== null && ['Branch', c.branch],
    c.timestamp !== null && ['Committed at', time(c.timestamp)],
    c.parents.length > 0 && ['Parents', join(c.parents.map(sha), ', ')],
    c.url !== null && ['Commit URL', c.url],
  ]);
}

function templateFacts(t: AuditTrail): Html {
  const { source, index } = t.template;
  const template = t.template.template as {
    trail?: {
      attestations?: { name: string; type: string }[];
      artifacts?: { name: string; attestations?: { name: string; type: string }[] }[];
    };
  } | null;
  const where =
    source === 'trail'
      ? html`its own template, brought by ${ref(index)}`
      : source === 'flow'
        ? html`the template of flow ${t.flow} in force when the trail began, set by ${ref(index)}`
        : html`no template: nothing is required of it`;
  const need = (list: readonly { name: string; type: string }[] | undefined) =>
    (list ?? []).length === 0 ? 'nothing' : (list ?? []).map((a) => `${a.name} (${a.type})`).join(', ');
  const lines =
    template === null
      ? []
      : [
          html`<li>The trail: ${need(template.trail?.attestations)}</li>`,
          ...(template.trail?.artifacts ?? []).map(
            (a) => html`<li>Artifact ${a.name}: ${need(a.attestations)}</li>`,
          ),
        ];
  return html`${where}.${
    lines.length > 0
      ? html` It requires:
          <ul class="reasons">
            ${lines}
          </ul>`
      : ''
  }`;
}

function attestationRow(t: AuditTrail, a: AuditAttestation): Html {
  const about =
    a.targetFingerprint !== null
      ? html`artifact
        ${sha(short(a.targetFingerprint))}${(() => {
          const named = t.artifacts.find((x) => x.fingerprint === a.targetFingerprint);
          return named === undefined ? '' : html` (${named.name})`;
        })()}`
      : a.targetName !== null
        ? html`artifact ${a.targetName}`
        : html`the trail`;
  const found = attestationSummaryLine(a.type, a.summary);
  return html`<tr data-index="${a.index}">
    <td>
      <strong>${a.name}</strong><br /><span class="muted"
        >${a.type}${a.typeVersion === null ? '' : ` version ${a.typeVersion}`}</span
      >
    </td>
    <td>${about}</td>
    <td>
      ${verdict(a.compliant)}${a.claimed ? html`<br /><span class="muted">claimed by the client, not computed from evidence</span>` : ''}${
        a.supersededBy === null
          ? ''
          : html`<br /><span class="muted">replaced by ${ref(a.supersededBy)}: only the latest counts</span>`
      }
    </td>
    <td>${found}${reasons(a.reasons)}</td>
    <td>
      ${
        a.evidence.length === 0
          ? html`<span class="muted">none</span>`
          : join(
              a.evidence.map(
                (e) =>
                  html`${e.name}<br />${sha(e.sha256)}<br />${e.inPackage ? badge('good', '✓', 'In the package') : badge('bad', '✗', 'Missing from the package')}`,
              ),
              '',
            )
      }
    </td>
    <td>${time(a.at)}<br />by ${partyName(a.by)} ${ref(a.index)}</td>
  </tr>`;
}

function trailCard(t: AuditTrail): Html {
  return html`<section class="card" id="trail-${t.index}" aria-labelledby="trail-${t.index}-title">
    <h3 id="trail-${t.index}-title">Trail ${t.flow} / ${t.name} ${verdict(t.compliant)}</h3>
    ${reasons(t.reasons)}
    <h4>Commit</h4>
    ${commitFacts(t)}
    <h4>Build</h4>
    ${dl([
      [
        'Began',
        html`${time(t.at)} by ${partyName(t.by)}
        ${ref(t.index)}${t.saves.length > 1 ? html`; saved again ${refs(t.saves.slice(1))}` : ''}`,
      ],
      [
        'Flow',
        html`${t.flow}${t.flowDescription === null || t.flowDescription === '' ? '' : html` — ${t.flowDescription}`}`,
      ],
      t.description !== '' && ['Description', t.description],
      t.originUrl !== null && ['Build URL', t.originUrl],
      ['Judged by', templateFacts(t)],
    ])}
    <h4>Artifacts it reported</h4>
    ${
      t.artifacts.length === 0
        ? html`<p class="muted">None.</p>`
        : table(
            ['Name', 'SHA-256', 'Verdict in this trail', 'Reported'],
            t.artifacts.map(
              (a) =>
                html`<tr>
                  <td>${a.name}</td>
                  <td>${sha(a.fingerprint)}</td>
                  <td>${verdict(a.compliant)}${reasons(a.reasons)}</td>
                  <td>${time(a.at)} ${ref(a.index)}</td>
                </tr>`,
            ),
          )
    }
    <h4>Attestations</h4>
    ${
      t.attestations.length === 0
        ? html`<p class="muted">None recorded.</p>`
        : table(
            ['Attestation', 'About', 'Verdict', 'What was found', 'Evidence', 'Recorded'],
            t.attestations.map((a) => attestationRow(t, a)),
          )
    }
  </section>`;
}

function trailsSection(report: AuditReport): Html {
  if (report.trails.length === 0 && report.subject.kind === 'environment') return html``;
  return html`<section aria-labelledby="trails">
    <h2 id="trails">How it was built: commits, trails and attestations</h2>
    ${report.trails.length === 0 ? html`<p>No trail in this package built it: there is no provenance.</p>` : report.trails.map(trailCard)}
  </section>`;
}

// ---- artifacts: approvals and runs --------------------------------------------------------------

function approvalCard(a: AuditApproval): Html {
  const status =
    a.status === 'approved'
      ? badge('good', '✓', a.kind === 'exception' ? 'Reviewed and accepted' : 'Approved')
      : a.status === 'rejected'
        ? badge('bad', '✗', 'Rejected')
        : a.status === 'pending'
          ? badge('unknown', '…', 'Pending')
          : badge('warn', '⚑', 'Not reviewed');
  const head =
    a.kind === 'exception'
      ? html`${badge('warn', '⚑', 'Break-glass')} ${ref(a.id)} into ${a.environment} ${status}`
      : html`Request ${ref(a.id)} to run in ${a.environment} ${status}`;
  return html`<div class="card" id="approval-${a.id}">
    <h4>${head}</h4>
    ${dl([
      [
        a.kind === 'exception' ? 'Broke the glass' : 'Requested',
        html`${partyName(a.requestedBy)} at ${time(a.at)}${a.comment === null ? '' : html`: “${a.comment}”`}`,
      ],
      a.kind === 'request' && ['Approvals needed', String(a.required)],
      a.expiresAt !== null && ['Decisions until', time(a.expiresAt)],
      a.verdictAtRequest !== null && [
        'Verdict when requested',
        html`${verdict(a.verdictAtRequest.compliant)}${reasons(a.verdictAtRequest.reasons)}`,
      ],
      a.commits.length > 0 && [
        'Commits of the change',
        html`<ul class="reasons">
          ${a.commits.map(
            (c) =>
              html`<li>
                ${sha(c.sha)}${c.author === null ? '' : html` by ${c.author}`}${c.message === null ? '' : html`: ${c.message}`}
              </li>`,
          )}
        </ul>`,
      ],
      [
        a.kind === 'exception' ? 'Review' : 'Decisions',
        a.decisions.length === 0
          ? html`<span class="muted">none yet</span>`
          : html`<ul class="reasons">
              ${a.decisions.map(
                (d) =>
                  html`<li>
                    ${d.decision === 'approve' ? badge('good', '✓', a.kind === 'exception' ? 'Accepted' : 'Approved') : badge('bad', '✗', 'Rejected')}
                    by <strong>${d.by}</strong> at ${time(d.at)}
                    ${ref(d.index)}${d.comment === null ? '' : html`: “${d.comment}”`}
                  </li>`,
              )}
            </ul>`,
      ],
    ])}
  </div>`;
}

function runsTable(artifact: AuditArtifact): Html {
  if (artifact.runs.length === 0)
    return html`<p class="muted">It ran in no environment this package tells of.</p>`;
  return table(
    ['Environment', 'Ran as', 'From', 'Until', 'Instances', 'Verdict when it started', 'Later verdicts'],
    artifact.runs.map(
      (r) =>
        html`<tr data-environment="${r.environment}">
          <td>${r.environment}</td>
          <td>${r.name}</td>
          <td>${time(r.from)} ${ref(r.fromIndex)}</td>
          <td>
            ${r.until === null ? html`<strong>still running</strong> at the checkpoint` : html`${time(r.until)} ${ref(r.untilIndex)}`}
          </td>
          <td>
            ${r.instancesAtStart === r.instances ? String(r.instances) : `${r.instancesAtStart} → ${r.instances}`}${
              r.scalings > 0
                ? html`<br /><span class="muted">scaled ${plural(r.scalings, 'time')}</span>`
                : ''
            }
          </td>
          <td>
            ${verdict(r.compliant)}${r.unauthorised === true ? html` ${unauthorised()}` : ''}${reasons(r.reasons, r.notes)}${
              r.provenance.length === 0
                ? html`<div class="muted">no provenance</div>`
                : html`<div class="muted">
                    built by
                    ${join(
                      r.provenance.map((p) => `${p.flow} / ${p.trail} (${p.name})`),
                      ', ',
                    )}
                  </div>`
            }
          </td>
          <td>
            ${
              r.verdictChanges.length === 0
                ? html`<span class="muted">unchanged</span>`
                : html`<ul class="reasons">
                    ${r.verdictChanges.map(
                      (v) =>
                        html`<li>
                          ${time(v.at)} ${ref(v.index)}: ${verdict(v.compliant)}${reasons(v.reasons, v.notes)}
                        </li>`,
                    )}
                  </ul>`
            }
          </td>
        </tr>`,
    ),
  );
}

function artifactCard(report: AuditReport, a: AuditArtifact): Html {
  const approvals = report.approvals.filter((x) => a.approvals.includes(x.id));
  return html`<section class="card" aria-labelledby="artifact-${a.fingerprint}">
    <h3 id="artifact-${a.fingerprint}">
      Artifact ${a.names.length === 0 ? short(a.fingerprint) : join(a.names, ', ')}
    </h3>
    <p>SHA-256 ${sha(a.fingerprint)}</p>
    <h4>Built by</h4>
    ${
      a.builds.length === 0
        ? html`<p>
            ${badge('bad', '✗', 'No provenance')} No pipeline reported this fingerprint: nothing is on record
            of the commit, build, tests or reviews behind it.
          </p>`
        : html`<ul class="reasons">
            ${a.builds.map(
              (b) =>
                html`<li>
                  Trail
                  <a
                    href="#trail-${report.trails.find((t) => t.flow === b.flow && t.name === b.trail)?.index ?? ''}"
                    >${b.flow} / ${b.trail}</a
                  >
                  reported it as <strong>${b.name}</strong> at ${time(b.at)} (by ${partyName(b.by)})
                  ${refs(b.reports)} —
                  ${verdict(b.compliant)}${reasons(b.reasons)}${
                    b.commit === null ? '' : html`<br />commit ${sha(b.commit)}`
                  }${b.buildUrl === null ? '' : html`<br />build ${b.buildUrl}`}${b.repository === null ? '' : html`<br />repository ${b.repository}`}${
                    b.filename === null ? '' : html`<br />file ${b.filename}`
                  }
                </li>`,
            )}
          </ul>`
    }
    <h4>Approvals and break-glass</h4>
    ${approvals.length === 0 ? html`<p class="muted">None recorded.</p>` : approvals.map(approvalCard)}
    <h4>Where and when it ran</h4>
    ${runsTable(a)}
  </section>`;
}

function artifactsSection(report: AuditReport): Html {
  const title =
    report.subject.kind === 'environment'
      ? 'What ran there: artifacts, approvals and periods'
      : 'Approvals and where it ran';
  return html`<section aria-labelledby="artifacts">
    <h2 id="artifacts">${title}</h2>
    ${report.artifacts.length === 0 ? html`<p class="muted">No artifact.</p>` : report.artifacts.map((a) => artifactCard(report, a))}
  </section>`;
}

// ---- environments -------------------------------------------------------------------------------

const CHANGE_WORDS = {
  started: ['▲', 'Started'],
  stopped: ['▼', 'Stopped'],
  scaled: ['↕', 'Scaled'],
} as const;

function runningTable(running: readonly RunningVerdict[]): Html {
  if (running.length === 0) return html`<p class="muted">Nothing was running.</p>`;
  return table(
    ['Artifact', 'SHA-256', 'Instances', 'Verdict', 'Built by'],
    running.map(
      (r) =>
        html`<tr>
          <td>${r.name}</td>
          <td>${sha(r.fingerprint)}</td>
          <td>${r.instances}</td>
          <td>${verdict(r.compliant)}${reasons(r.reasons, r.notes)}</td>
          <td>
            ${
              r.provenance.length === 0
                ? badge('bad', '✗', 'No provenance')
                : join(
                    r.provenance.map((p) => `${p.flow} / ${p.trail} (${p.name})`),
                    ', ',
                  )
            }
          </td>
        </tr>`,
    ),
  );
}

/**
 * Up to this many states, each lists its whole running set; beyond, only the first, the last and
 * those not compliant do (the others say how many ran, all compliant): report.json has every one.
 */
const LISTED_STATES = 50;

function stateCard(environment: string, s: EnvironmentState, baseline: boolean, listed: boolean): Html {
  const title = baseline
    ? html`In force when the range began: ${s.kind === 'snapshot' ? 'snapshot' : 'verdict'} ${ref(s.index)} of
      ${time(s.at)}`
    : s.kind === 'snapshot'
      ? html`Snapshot ${ref(s.index)} at ${time(s.at)}`
      : html`Judged again at ${time(s.at)} ${ref(s.index)}`;
  const changes = baseline ? [] : s.changes;
  return html`<div class="card" data-state="${s.index}">
    <h4>${title} ${verdict(s.compliant)}</h4>
    ${dl([
      s.kind === 'reevaluation' && [
        'Running set',
        html`that of snapshot ${ref(s.snapshot)}, judged again after ${ref(s.index)}`,
      ],
      s.observedAt !== null && [
        'Seen by the reporter',
        html`${time(s.observedAt)} (recorded ${time(s.recordedAt)})`,
      ],
      [
        'Policies in force',
        s.policies.length === 0
          ? html`none: provenance alone is required of what runs in ${environment}`
          : join(
              s.policies.map((p) => html`${p.name} version ${p.version} ${ref(p.index)}`),
              ', ',
            ),
      ],
      s.gaps.length > 0 && ['Cannot be judged', reasons(s.gaps)],
    ])}
    ${
      changes.length === 0
        ? ''
        : html`<p><strong>Changes</strong></p>
            ${table(
              ['Change', 'Artifact', 'SHA-256', 'Instances', 'Verdict'],
              changes.map((c) => {
                const [icon, word] = CHANGE_WORDS[c.kind];
                return html`<tr>
                  <td>
                    ${badge(c.unauthorised === true ? 'bad' : 'unknown', icon, word)}${c.unauthorised === true ? html` ${unauthorised()}` : ''}
                  </td>
                  <td>${c.name}</td>
                  <td>${sha(c.fingerprint)}</td>
                  <td>${c.before} → ${c.after}</td>
                  <td>${verdict(c.compliant)}${reasons(c.reasons, c.notes)}</td>
                </tr>`;
              }),
            )}`
    }
    <p><strong>Running</strong></p>
    ${
      listed || s.compliant !== true
        ? runningTable(s.running)
        : html`<p>
            ${plural(s.running.length, 'artifact')},
            ${plural(
              s.running.reduce((n, r) => n + r.instances, 0),
              'instance',
            )},
            all compliant (each is listed in report.json).
          </p>`
    }
  </div>`;
}

function environmentCard(report: AuditReport, e: AuditEnvironment): Html {
  const own = report.subject.kind === 'environment';
  return html`<section class="card" aria-labelledby="environment-${e.name}">
    <h3 id="environment-${e.name}">Environment ${e.name}</h3>
    ${dl([
      ['Type', e.type ?? html`<span class="muted">not in the package</span>`],
      e.description !== null && e.description !== '' && ['Description', e.description],
      e.includes.length > 0 && ['Includes', join(e.includes, ', ')],
      e.index !== null && ['Defined by', ref(e.index)],
    ])}
    <h4>Policies in force ${own ? 'over the range' : 'while it ran there'}</h4>
    ${
      e.policies.length === 0
        ? html`<p class="muted">None: provenance alone is required.</p>`
        : e.policies.map(
            (p) =>
              html`<p>
                  <strong>${p.name}</strong> version ${p.version}, created ${time(p.at)} ${ref(p.index)}
                </p>
                <pre>${p.source}</pre>`,
          )
    }
    ${
      own
        ? html`<h4>Timeline</h4>
            ${e.baseline === null ? html`<p class="muted">Nothing was reported before the range began.</p>` : stateCard(e.name, e.baseline, true, true)}${
              e.states.length === 0
                ? html`<p class="muted">No snapshot or new verdict in the range.</p>`
                : e.states.map((s, i) =>
                    stateCard(
                      e.name,
                      s,
                      false,
                      e.states.length <= LISTED_STATES || i === e.states.length - 1,
                    ),
                  )
            }`
        : ''
    }
  </section>`;
}

function environmentsSection(report: AuditReport): Html {
  if (report.environments.length === 0) return html``;
  return html`<section aria-labelledby="environments">
    <h2 id="environments">
      ${report.subject.kind === 'environment' ? 'The environment: policies, snapshots and verdicts' : 'Environments and their policies'}
    </h2>
    ${report.environments.map((e) => environmentCard(report, e))}
  </section>`;
}

// ---- evidence and gaps --------------------------------------------------------------------------

function evidenceSection(report: AuditReport): Html {
  if (report.evidence.length === 0) return html``;
  return html`<section aria-labelledby="evidence">
    <h2 id="evidence">Evidence files</h2>
    <p>
      Each file is in the package as <code>evidence/&lt;SHA-256&gt;</code>; the verifier checks its digest and
      re-evaluates the attestations from it.
    </p>
    ${table(
      ['File', 'SHA-256', 'Size', 'Media type', 'Stored', 'In the package', 'Used by'],
      report.evidence.map(
        (e) =>
          html`<tr>
            <td>${e.names.length === 0 ? html`<span class="muted">unnamed</span>` : join(e.names, ', ')}</td>
            <td>${sha(e.sha256)}</td>
            <td>${e.size === null ? '—' : `${e.size} bytes`}</td>
            <td>${e.mediaType ?? '—'}</td>
            <td>${ref(e.storedIndex)}</td>
            <td>${e.inPackage ? badge('good', '✓', 'Yes') : badge('bad', '✗', 'No')}</td>
            <td>
              ${e.attestations.length === 0 ? '—' : html`attestation${e.attestations.length === 1 ? '' : 's'} ${refs(e.attestations)}`}
            </td>
          </tr>`,
      ),
    )}
  </section>`;
}

function gapsSection(report: AuditReport): Html {
  return html`<section aria-labelledby="gaps">
    <h2 id="gaps">Gaps</h2>
    ${
      report.gaps.length === 0
        ? html`<p>
            No gaps among the entries this package refers to. A package proves that what it holds is in the
            log; it cannot prove that nothing was left out — compare with the live log (<code
              >evident verify log</code
            >) or another package.
          </p>`
        : html`<p>The package does not hold these, so the verdicts that depend on them are unknown:</p>
            <ul>
              ${report.gaps.map((g) => html`<li>${g}</li>`)}
            </ul>`
    }
  </section>`;
}
