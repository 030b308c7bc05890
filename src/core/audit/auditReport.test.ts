// The audit report's story (issue #8), told from a real history recorded through the services on
// SQLite and read back from the ledger as a package holds it: commit → build → attestations →
// approvals → where and when it ran, for an artifact, a trail and an environment over a range; the
// verdicts it derives from the entries agree with the server's own projections; the same entries in
// another order give the same report; a package lacking entries says what it lacks; bad input is refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  at,
  FLOW,
  HOSTILE,
  IMAGE,
  PROD_RULES,
  PROD_RULES_V2,
  recordReportHistory,
  type ReportHistory,
} from '../../../test/support/reportHistory.ts';
import { isEvidentError } from '../errors.ts';
import { canonicalize } from '../ledger/canonicalJson.ts';
import type { Snapshot } from '../model/environment.ts';
import { auditReport, type AuditReport, type AuditReportInput, type AuditRun } from './auditReport.ts';
import { renderAuditReport } from './renderAuditReport.ts';

describe('the audit report of a recorded history', () => {
  let h: ReportHistory;
  before(async () => {
    h = await recordReportHistory();
  });
  after(async () => {
    await h.close();
  });

  /** The server's periods of a fingerprint, oldest first, in the report's shape. */
  const serverRuns = async (fingerprint: string) =>
    (await h.services.runs.runs('acme', fingerprint)).runs
      .map((r) => ({
        environment: r.environment,
        name: r.name,
        from: r.from,
        fromIndex: r.fromIndex,
        until: r.until,
        untilIndex: r.untilIndex,
        instancesAtStart: r.instancesAtStart,
        instances: r.instances,
        scalings: r.scalings,
        compliant: r.compliant,
        reasons: r.reasons,
        notes: r.notes ?? [],
        unauthorised: r.unauthorised,
        provenance: r.provenance,
      }))
      .reverse();
  /** The runs without what the server's change log does not keep (later verdicts are in its states). */
  const withoutLaterVerdicts = (runs: readonly AuditRun[]) =>
    runs.map((run) => Object.fromEntries(Object.entries(run).filter(([key]) => key !== 'verdictChanges')));

  test('an artifact: its commit, trail, attestations with evidence, approval and every period it ran', async () => {
    const report = auditReport(await h.input({ kind: 'artifact', fingerprint: h.api1 }));
    assert.equal(report.format, 'evident.audit-report');
    assert.equal(report.title, `Artifact api, ${IMAGE}:1.4.0 (sha256:${h.api1.slice(0, 12)}…)`);
    assert.equal(report.summary.verdict, 'compliant');
    assert.deepEqual(report.summary.problems, []);
    assert.deepEqual(report.gaps, []);
    const checkpoint = await h.services.ledger.checkpoint('acme');
    assert.equal(report.log.checkpoint.size, Number(checkpoint.split('\n')[1]));
    assert.equal(report.log.origin, 'evident.test/acme');

    // Commit → build: the trail that built it, with the commit facts and the template in force.
    const [artifact] = report.artifacts;
    assert.ok(artifact !== undefined && report.artifacts.length === 1);
    assert.equal(artifact.fingerprint, h.api1);
    assert.deepEqual(artifact.names, ['api', `${IMAGE}:1.4.0`]);
    assert.deepEqual(
      artifact.builds.map((b) => [b.flow, b.trail, b.name, b.compliant]),
      [[FLOW, 'build-1', 'api', true]],
    );
    const [trail] = report.trails;
    assert.ok(trail !== undefined && report.trails.length === 1);
    const server = await h.services.delivery.trail('acme', FLOW, 'build-1');
    assert.ok(server !== undefined);
    assert.equal(trail.index, server.createdIndex);
    assert.deepEqual(
      { compliant: trail.compliant, reasons: trail.reasons },
      { compliant: server.compliant, reasons: server.reasons },
    );
    assert.equal(trail.commit?.sha, h.commit1.sha);
    assert.equal(trail.commit.author, h.commit1.author);
    assert.equal(trail.commit.message, h.commit1.message);
    assert.equal(trail.commit.branch, 'main');
    assert.equal(trail.template.source, 'flow');
    assert.deepEqual(trail.template.template, server.template);
    assert.equal(trail.flowDescription, 'payments');

    // Attestations: the verdicts, reasons and summaries the server recorded, with evidence digests.
    const recorded = await h.services.delivery.attestationsOfTrail('acme', FLOW, 'build-1');
    assert.deepEqual(
      trail.attestations.map((a) => [a.index, a.name, a.type, a.compliant, a.reasons, a.summary]),
      recorded
        .filter((a) => a.type !== 'approval') // the approval, told as an approval below
        .map((a) => [a.index, a.name, a.type, a.compliant, a.reasons, a.summary]),
    );
    const junit = trail.attestations.find((a) => a.type === 'junit');
    assert.deepEqual(junit?.evidence, [{ name: h.junit.name, sha256: h.junit.sha256, inPackage: true }]);
    assert.deepEqual(
      report.evidence.map((e) => [e.sha256, e.names, e.size, e.mediaType, e.inPackage, e.attestations]),
      [[h.junit.sha256, [h.junit.name], h.junit.size, 'application/xml', true, [junit.index]]],
    );

    // The approval: requested by the pipeline, approved by Alice with her comment.
    const approval = await h.services.approvals.get('acme', h.approvals.api1);
    assert.deepEqual(artifact.approvals, [h.approvals.api1]);
    const [told] = report.approvals;
    assert.ok(told !== undefined && report.approvals.length === 1);
    assert.equal(told.status, approval.status);
    assert.equal(told.comment, 'CHG-2031');
    assert.deepEqual(told.requestedBy, approval.requestedBy);
    assert.deepEqual(
      told.decisions.map((d) => [d.index, d.by, d.decision, d.comment, d.at]),
      approval.decisions.map((d) => [d.index, d.by, d.decision, d.comment, d.at]),
    );
    assert.deepEqual(told.verdictAtRequest, approval.change?.verdict);

    // Where and when it ran: prod from Monday 11:00 (scaled up Tuesday) until the hotfix on Wednesday.
    assert.deepEqual(withoutLaterVerdicts(artifact.runs), await serverRuns(h.api1));
    assert.deepEqual(
      artifact.runs.map((r) => [r.environment, r.from, r.until, r.instancesAtStart, r.instances, r.scalings]),
      [['prod', `${at('Mon', '11:00').slice(0, -4)}001Z`, `${at('Wed', '18:00').slice(0, -4)}001Z`, 2, 4, 1]],
    );
    // The policies it ran under: version 1 only (version 2 came after it stopped).
    const [prod] = report.environments;
    assert.deepEqual(
      prod?.policies.map((p) => [p.name, p.version, p.source]),
      [['prod-rules', 1, PROD_RULES]],
    );
  });

  test('the derived verdicts agree with the server for every fingerprint and every state of prod', async () => {
    for (const fingerprint of [h.api1, h.api2, h.hotfix, h.rogue]) {
      const report = auditReport(await h.input({ kind: 'artifact', fingerprint }));
      const runs = report.artifacts.flatMap((a) => a.runs);
      assert.deepEqual(withoutLaterVerdicts(runs), await serverRuns(fingerprint), fingerprint);
    }
    const report = auditReport(
      await h.input({
        kind: 'environment',
        name: 'prod',
        from: at('Mon', '00:00'),
        until: at('Thu', '12:00'),
      }),
    );
    const states = report.environments[0]?.states ?? [];
    assert.deepEqual(
      states.map((s) => s.kind),
      ['snapshot', 'snapshot', 'snapshot', 'snapshot', 'reevaluation'],
    );
    for (const state of states) {
      const server = (await h.services.environments.snapshot('acme', 'prod', {
        kind: 'at',
        at: state.at,
      })) as Snapshot;
      assert.equal(server.evaluatedAt, state.at);
      assert.equal(server.index, state.snapshot);
      assert.equal(state.compliant, server.compliant, `state ${state.index}`);
      assert.deepEqual(
        state.running.map((r) => [
          r.name,
          r.fingerprint,
          r.instances,
          r.compliant,
          r.reasons,
          r.notes,
          r.provenance,
        ]),
        server.artifacts.map((r) => [
          r.name,
          r.fingerprint,
          r.instances,
          r.compliant,
          r.reasons,
          r.notes ?? [],
          r.provenance,
        ]),
        `state ${state.index}`,
      );
    }
    const changes = await h.services.environments.changes('acme', 'prod', { limit: 100 });
    assert.deepEqual(
      states
        .flatMap((s) =>
          s.changes.map((c) => [
            s.index,
            c.kind,
            c.name,
            c.fingerprint,
            c.before,
            c.after,
            c.compliant,
            c.unauthorised,
          ]),
        )
        .sort(),
      changes
        .map((c) => [
          c.index,
          c.kind,
          c.name,
          c.fingerprint,
          c.instancesBefore,
          c.instancesAfter,
          c.compliant,
          c.unauthorised,
        ])
        .sort(),
    );
  });

  test('a rogue artifact: no provenance, unauthorised in prod for three hours', async () => {
    const report = auditReport(await h.input({ kind: 'artifact', fingerprint: h.rogue }));
    assert.equal(report.summary.verdict, 'non-compliant');
    assert.deepEqual(report.trails, []);
    const [rogue] = report.artifacts;
    assert.deepEqual(rogue?.builds, []);
    assert.deepEqual(rogue.names, [HOSTILE.rogue]);
    const [run] = rogue.runs;
    assert.equal(run?.unauthorised, true);
    assert.ok(run.reasons.some((r) => r.includes('no provenance')));
    assert.equal(run.from, `${at('Tue', '01:00').slice(0, -4)}001Z`);
    assert.equal(run.until, `${at('Tue', '04:00').slice(0, -4)}001Z`);
    const texts = report.summary.problems.map((p) => p.text);
    assert.match(texts[0] ?? '', /^No pipeline reported sha256:[0-9a-f]{12}…: it has no provenance/);
    assert.ok(texts.some((t) => t.includes('ran unauthorised in prod') && t.includes('entries')));
    assert.equal(report.summary.counts.unauthorisedRuns, 1);
  });

  test('a trail with failing tests: not compliant, for the reasons the server gave; never ran', async () => {
    const report = auditReport(await h.input({ kind: 'trail', flow: FLOW, trail: 'build-2' }));
    const server = await h.services.delivery.trail('acme', FLOW, 'build-2');
    assert.equal(server?.compliant, false);
    const [trail] = report.trails;
    assert.equal(trail?.compliant, false);
    assert.deepEqual(trail.reasons, server.reasons);
    assert.deepEqual(
      report.artifacts.map((a) => [a.fingerprint, a.builds[0]?.compliant, a.runs.length]),
      [[h.api2, false, 0]],
    );
    assert.equal(report.summary.verdict, 'non-compliant');
    assert.deepEqual(report.summary.problems, [
      {
        text: `Trail ${FLOW} / build-2 is not compliant (entry ${trail.index}): ${server.reasons.map((r) => r.replace(/\.$/, '')).join('; ')}.`,
        indices: [trail.index],
      },
    ]);
  });

  test('break-glass, a rejected request, and the verdict that changed when the policy tightened', async () => {
    const report = auditReport(await h.input({ kind: 'artifact', fingerprint: h.hotfix }));
    assert.deepEqual(
      report.approvals.map((a) => [
        a.id,
        a.kind,
        a.status,
        a.comment,
        a.decisions.map((d) => [d.by, d.decision, d.comment]),
      ]),
      [
        [h.approvals.hotfixRejected, 'request', 'rejected', null, [['alice', 'reject', 'No rollback plan']]],
        [h.approvals.breakGlass, 'exception', 'unreviewed', HOSTILE.reason, []],
      ],
    );
    const [run] = report.artifacts[0]?.runs ?? [];
    assert.equal(run?.compliant, true);
    assert.deepEqual(run.notes, [`running under break-glass exception by alice: ${HOSTILE.reason}`]);
    // Thursday's policy version 2 asks for a pen test: judged again, as the server did.
    const server = (await h.services.environments.snapshot('acme', 'prod', { kind: 'latest' })) as Snapshot;
    assert.deepEqual(
      run.verdictChanges.map((v) => [v.at, v.compliant, v.reasons]),
      [[server.evaluatedAt, false, server.artifacts[0]?.reasons]],
    );
    assert.deepEqual(
      report.environments[0]?.policies.map((p) => [p.version, p.source]),
      [
        [1, PROD_RULES],
        [2, PROD_RULES_V2],
      ],
    );
    const notes = report.summary.notes.map((n) => n.text);
    assert.ok(
      notes.some((t) => t.startsWith('Break-glass: alice let') && t.includes('It has not been reviewed.')),
    );
    assert.ok(notes.some((t) => t.includes('was rejected by alice') && t.includes('No rollback plan')));
    assert.ok(report.summary.problems.some((p) => p.text.includes('became non-compliant')));
  });

  test('an environment over a range: the state at its start, every snapshot and verdict in it', async () => {
    const from = at('Mon', '12:00');
    const report = auditReport(
      await h.input({ kind: 'environment', name: 'prod', from, until: at('Thu', '10:00') }),
    );
    const [prod] = report.environments;
    assert.equal(prod?.name, 'prod');
    assert.equal(prod.type, 'k8s');
    assert.equal(prod.baseline?.at, `${at('Mon', '11:00').slice(0, -4)}001Z`);
    assert.deepEqual(prod.baseline.changes, []); // what ran before it is not told
    assert.deepEqual(
      prod.states.map((s) => [s.kind, s.compliant, s.changes.map((c) => [c.kind, c.unauthorised])]),
      [
        ['snapshot', false, [['started', true]]],
        [
          'snapshot',
          true,
          [
            ['scaled', false],
            ['stopped', false],
          ],
        ],
        [
          'snapshot',
          true,
          [
            ['started', false],
            ['stopped', false],
          ],
        ],
        ['reevaluation', false, []],
      ],
    );
    assert.deepEqual(
      prod.policies.map((p) => p.version),
      [1, 2],
    );
    // Everything that ran in the range, with where it came from.
    assert.deepEqual(
      report.artifacts.map((a) => a.fingerprint),
      [h.api1, h.hotfix, h.rogue],
    );
    assert.deepEqual(
      report.trails.map((t) => t.name),
      ['build-1', 'build-3'],
    );
    assert.equal(report.summary.verdict, 'non-compliant');
    assert.equal(report.summary.counts.snapshots, 3);
    assert.ok(
      report.summary.problems.some((p) =>
        p.text.startsWith(`prod was not compliant from ${at('Tue', '01:00').slice(0, -4)}001Z`),
      ),
    );
  });

  test('the same entries in any order give the same report and the same HTML', async () => {
    for (const subject of [
      { kind: 'artifact', fingerprint: h.hotfix },
      { kind: 'trail', flow: FLOW, trail: 'build-1' },
      { kind: 'environment', name: 'prod', from: at('Mon', '00:00'), until: at('Thu', '12:00') },
    ] as const) {
      const input = await h.input(subject);
      const shuffled: AuditReportInput = {
        ...input,
        entries: [...input.entries].reverse().map((e, i, all) => all[(i * 7) % all.length] ?? e),
        evidence: [...input.evidence].reverse(),
      };
      assert.equal(new Set(shuffled.entries.map((e) => e.index)).size, input.entries.length);
      const a = auditReport(input);
      const b = auditReport(shuffled);
      assert.equal(canonicalize(b), canonicalize(a));
      assert.equal(renderAuditReport(b), renderAuditReport(a));
      // Plain JSON: nothing a canonical encoding would drop or refuse.
      assert.deepEqual(JSON.parse(canonicalize(a)) as AuditReport, a);
    }
  });

  test('a package that lacks entries says what it lacks, and the verdicts that depend on them are unknown', async () => {
    const input = await h.input(
      { kind: 'artifact', fingerprint: h.api1 },
      (e) => e.event.type !== 'policy.created',
    );
    const report = auditReport({ ...input, evidence: [] });
    assert.deepEqual(report.gaps, [
      `evidence ${h.junit.sha256} (${h.junit.name}) of attestation ${
        report.trails[0]?.attestations.find((a) => a.type === 'junit')?.index
      } is not in the package`,
      'policy prod-rules, which prod follows, is not in the package',
    ]);
    const [run] = report.artifacts[0]?.runs ?? [];
    assert.equal(run?.compliant, null);
    assert.equal(run.unauthorised, null);
    assert.equal(report.summary.verdict, 'unknown');
    assert.equal(report.summary.counts.evidenceInPackage, 0);
  });

  test('bad input is refused with bad_request, naming the entry', async () => {
    const input = await h.input({ kind: 'artifact', fingerprint: h.api1 });
    const refused = (bad: AuditReportInput, index?: number) =>
      assert.throws(
        () => auditReport(bad),
        (error: unknown) =>
          isEvidentError(error, 'bad_request') && (index === undefined || error.details?.index === index),
      );
    const first = input.entries[0];
    assert.ok(first !== undefined);
    refused({ ...input, entries: [...input.entries, first] });
    refused({ ...input, checkpoint: { ...input.checkpoint, size: input.entries.length - 1 } });
    refused({ ...input, subject: { kind: 'artifact', fingerprint: 'not-a-sha' } });
    refused({
      ...input,
      subject: { kind: 'environment', name: 'prod', from: at('Thu', '00:00'), until: at('Mon', '00:00') },
    });
    const attestation = input.entries.find((e) => e.event.type === 'attestation.recorded');
    assert.ok(attestation !== undefined);
    const broken = {
      ...attestation,
      event: { ...attestation.event, data: { ...attestation.event.data, result: null } },
    };
    refused(
      { ...input, entries: input.entries.map((e) => (e.index === attestation.index ? broken : e)) },
      attestation.index,
    );
  });
});
