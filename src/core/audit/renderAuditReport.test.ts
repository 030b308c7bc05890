// report.html (issue #8): a complete, self-contained HTML5 document a compliance officer reads, spot
// checked for its key sentences (not a golden file), with every hostile name, message and reason of a
// recorded history shown as text, no script and no request to anywhere, and the same bytes each time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  at,
  FLOW,
  HOSTILE,
  recordReportHistory,
  type ReportHistory,
} from '../../../test/support/reportHistory.ts';
import { auditReport, type AuditReport, type AuditSubject } from './auditReport.ts';
import { escapeHtml } from './escapeHtml.ts';
import { renderAuditReport } from './renderAuditReport.ts';

/** Occurrences of a string. */
const count = (text: string, part: string) => text.split(part).length - 1;

/** The document's text as a reader sees it (tags dropped, whitespace collapsed, references decoded). */
const visible = (page: string) =>
  page
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<\/?(span|strong|code|time|a)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** Fails with the part it looked for (cheaper and clearer than assert.ok's reconstructed source). */
function has(text: string, part: string) {
  if (!text.includes(part)) assert.fail(`expected to find: ${part}`);
}

/** Checks that hold for every report: structure, self-containment, escaping. */
function wellFormed(page: string) {
  assert.ok(page.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">'));
  assert.ok(page.endsWith('</body>\n</html>\n'));
  assert.match(
    page,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/,
  );
  // No script, no request: no element that runs or fetches anything, no URL in any attribute.
  const tags = page.match(/<[a-zA-Z][^>]*>/g) ?? [];
  for (const tag of tags) {
    assert.doesNotMatch(tag, /^<(script|img|link|iframe|object|embed|audio|video|source|form|base)\b/i, tag);
    assert.doesNotMatch(tag, /\s(src|srcset|action|background|on[a-z]+)=/i, tag);
    assert.doesNotMatch(tag, /\shref="(?!#)/, tag);
  }
  const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
  assert.doesNotMatch(style, /url\(|@import/);
  assert.equal(count(page, '<style>'), 1);
  for (const tag of ['section', 'table', 'tr', 'ul', 'ol', 'dl', 'div', 'pre', 'h2', 'h3', 'h4'])
    assert.equal(count(page, `<${tag}>`) + count(page, `<${tag} `), count(page, `</${tag}>`), tag);
  assert.equal(count(page, '<h1>'), 1);
  assert.equal(count(page, '<title>'), 1);
  assert.equal(count(page, '<b>'), 0);
}

describe('the HTML of an audit report', () => {
  let h: ReportHistory;
  const reports = new Map<string, AuditReport>();
  const page = (name: string) => {
    const report = reports.get(name);
    assert.ok(report !== undefined, name);
    return renderAuditReport(report);
  };
  before(async () => {
    h = await recordReportHistory();
    const subjects: Record<string, AuditSubject> = {
      api1: { kind: 'artifact', fingerprint: h.api1 },
      rogue: { kind: 'artifact', fingerprint: h.rogue },
      hotfix: { kind: 'artifact', fingerprint: h.hotfix },
      broken: { kind: 'trail', flow: FLOW, trail: 'build-2' },
      prod: { kind: 'environment', name: 'prod', from: at('Mon', '12:00'), until: at('Thu', '10:00') },
    };
    for (const [name, subject] of Object.entries(subjects))
      reports.set(name, auditReport(await h.input(subject)));
  });
  after(async () => {
    await h.close();
  });

  test('every report is a complete, self-contained document with the same bytes each time', () => {
    for (const name of reports.keys()) {
      const html = page(name);
      wellFormed(html);
      assert.equal(page(name), html);
    }
  });

  test('the summary says what the package covers, its anchor, its verdict and how to verify it', () => {
    const report = reports.get('api1');
    assert.ok(report !== undefined);
    const text = visible(page('api1'));
    has(text, `Evident audit package · report ${report.title}`);
    has(
      text,
      'Compliant Compliant. Everything this package tells complied with the templates and policies in force.',
    );
    has(text, `What this package covers The artifact with SHA-256 ${h.api1}`);
    has(
      text,
      `Anchored to The signed checkpoint of log evident.test/acme at size ${report.log.checkpoint.size}, root hash ${report.log.checkpoint.rootHash}.`,
    );
    has(text, `${report.log.entries} ledger entries, #0 to #${report.log.checkpoint.size - 1}`);
    has(text, 'How to verify this package evident verify package FILE --vkey KEY');
    has(text, 'it exits 0 when everything holds, and 5, naming what was altered');
    has(text, 'Problems None.');
  });

  test('the story from commit to production, with verdicts in words and entry references', () => {
    const report = reports.get('api1');
    const html = page('api1');
    const text = visible(html);
    const trail = report?.trails[0];
    assert.ok(trail !== undefined);
    has(text, `Trail ${FLOW} / build-1 ✓ Compliant`);
    has(text, `Commit ${h.commit1.sha} Message ${HOSTILE.message} Author ${HOSTILE.author} Branch main`);
    has(text, `the template of flow ${FLOW} in force when the trail began, set by #`);
    has(text, 'It requires: The trail: nothing Artifact api: unit-tests (generic)');
    assert.match(text, /junit-tests junit artifact [0-9a-f]{12}… \(api\) ✓ Compliant \d+ of \d+ passed/);
    has(text, `${h.junit.name} ${h.junit.sha256} ✓ In the package`);
    assert.match(text, /claimed by the client, not computed from evidence/);
    // The approval, and where and when it ran (UTC, with the exact instant in the markup).
    assert.match(
      text,
      /Request #\d+ to run in prod ✓ Approved Requested the server at 2026-11-16 10:00:00 UTC: “CHG-2031”/,
    );
    assert.match(text, /✓ Approved by alice at 2026-11-16 10:30:00 UTC #\d+: “CHG-2031 reviewed”/);
    const run = report?.artifacts[0]?.runs[0];
    assert.ok(run !== undefined);
    has(html, `<time datetime="${run.from}">2026-11-16 11:00:00 UTC</time>`);
    has(
      text,
      `prod registry.example.com/payments/api:1.4.0 2026-11-16 11:00:00 UTC #${run.fromIndex} 2026-11-18 18:00:00 UTC #${run.untilIndex} 2 → 4 scaled 1 time ✓ Compliant built by ${FLOW} / build-1 (api)`,
    );
    assert.match(
      html,
      new RegExp(
        `title="ledger entry ${run.fromIndex}: entries/${run.fromIndex} in this package"\\s*>#${run.fromIndex}</span`,
      ),
    );
    has(text, 'prod-rules version 1, created 2026-11-16 08:00:00 UTC');
  });

  test('a rogue artifact reads as no provenance, unauthorised, not compliant', () => {
    const text = visible(page('rogue'));
    has(text, "✗ Non-compliant Not compliant. 2 problems need an auditor's attention");
    has(text, '✗ No provenance No pipeline reported this fingerprint');
    has(text, '✗ Non-compliant ⚠ Unauthorised');
    has(text, `${HOSTILE.rogue} (sha256:`);
    has(text, 'ran unauthorised in prod from 2026-11-17 01:00:00 UTC until 2026-11-17 04:00:00 UTC');
  });

  test('break-glass, a rejected request, a tightened policy, and a trail that failed its tests', () => {
    const hotfix = visible(page('hotfix'));
    has(hotfix, `⚑ Break-glass #${h.approvals.breakGlass} into prod ⚑ Not reviewed Broke the glass alice at`);
    has(hotfix, `: “${HOSTILE.reason}”`);
    has(hotfix, `Request #${h.approvals.hotfixRejected} to run in prod ✗ Rejected`);
    has(hotfix, '✗ Rejected by alice at');
    has(hotfix, 'still running at the checkpoint');
    has(hotfix, '✗ Non-compliant policy prod-rules: missing attestation pen-test (generic)');
    const broken = visible(page('broken'));
    has(broken, `Trail ${FLOW} / build-2 ✗ Non-compliant`);
    has(broken, 'It ran in no environment this package tells of.');
  });

  test('an environment over a range: the state at its start, snapshots, changes, re-evaluations', () => {
    const text = visible(page('prod'));
    has(text, 'Environment prod from 2026-11-16 12:00:00 UTC to 2026-11-19 10:00:00 UTC');
    assert.match(text, /In force when the range began: snapshot #\d+ of 2026-11-16 11:00:00 UTC ✓ Compliant/);
    assert.match(text, /Snapshot #\d+ at 2026-11-17 01:00:00 UTC ✗ Non-compliant/);
    has(text, `▲ Started ⚠ Unauthorised ${HOSTILE.rogue}`);
    has(text, '▼ Stopped');
    has(text, '↕ Scaled');
    assert.match(text, /Judged again at 2026-11-19 09:00:00 UTC #\d+ ✗ Non-compliant/);
    has(text, '- { name: pen-test, type: generic }');
  });

  test('hostile names, messages, reasons and sources are shown as text, never as markup', () => {
    for (const name of reports.keys()) {
      const html = page(name);
      for (const value of Object.values(HOSTILE)) assert.ok(!html.includes(value), `${name}: ${value}`);
    }
    has(page('api1'), escapeHtml(HOSTILE.message));
    has(page('api1'), escapeHtml(HOSTILE.author));
    has(page('rogue'), escapeHtml(HOSTILE.rogue));
    has(page('hotfix'), escapeHtml(HOSTILE.reason));
    // Every string of the report may be hostile, also those a server would never write.
    const report = reports.get('prod');
    assert.ok(report !== undefined);
    const evil = `</title></style><script>alert('x')</script><img src=//evil.example/x>`;
    const poisoned: AuditReport = {
      ...report,
      title: evil,
      log: { ...report.log, org: evil, origin: evil },
      gaps: [evil],
      summary: {
        ...report.summary,
        problems: [{ text: evil, indices: [1] }],
        notes: [{ text: evil, indices: [] }],
      },
      environments: report.environments.map((e) => ({
        ...e,
        description: evil,
        policies: e.policies.map((p) => ({ ...p, name: evil, source: evil })),
      })),
      evidence: report.evidence.map((e) => ({ ...e, names: [evil], mediaType: evil })),
    };
    const html = renderAuditReport(poisoned);
    wellFormed(html);
    assert.ok(!html.includes(evil));
    has(html, `<title>Audit report: ${escapeHtml(evil)}</title>`);
    assert.equal(count(html, escapeHtml(evil)), count(visible(html), evil));
  });
});
