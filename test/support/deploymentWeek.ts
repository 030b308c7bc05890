import { createHash } from 'node:crypto';
import type { EvidentServices } from '../../src/service/evidentServices.ts';

const system = { type: 'system' } as const;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** Builds of `payments-api`: API_1 from COMMIT_1 (run-1), API_2 from COMMIT_2 (run-2), API_3 never deployed. */
export const API_1 = sha('payments-api 1.4.1');
export const API_2 = sha('payments-api 1.5.0');
export const API_3 = sha('payments-api 1.6.0');
export const COMMIT_1 = `c0ffee${'1'.repeat(34)}`;
export const COMMIT_2 = `c0ffee${'2'.repeat(34)}`;
/** Rogue artifacts no trail reported, running in prod from Wednesday 18:00 to Thursday 08:00. */
export const ROGUE = sha('miner 100%');
export const ROGUE_2 = sha('miner 1000');
export const IMAGE = 'registry.example.com/payments/api';

/** The instants of the week (Monday 16 November 2026). */
export const WEEK = {
  monday: '2026-11-16T09:00:00.000Z',
  tuesday: '2026-11-17T09:00:00.000Z',
  tuesdayNoon: '2026-11-17T12:00:00.000Z',
  wednesday: '2026-11-18T17:00:00.000Z',
  wednesdayEvening: '2026-11-18T18:00:00.000Z',
  thursday: '2026-11-19T08:00:00.000Z',
} as const;

/**
 * A week of deliveries in `org` (which must exist), told through the services with `setClock`
 * moving the injected clock:
 *
 * - flows `payments-api` (template: artifact `api` needs a generic `unit-tests`), `pay_v2`, `payXv2`;
 * - builds run-1 (API_1, COMMIT_1), run-2 (API_2, COMMIT_2), run-3 (API_3), all passing;
 * - environments `staging`, `prod` (policy `prod-rules`: provenance and trail compliance) and the
 *   logical `everywhere` of both;
 * - staging runs API_1 from Monday 09:00 to Wednesday 17:00, then API_2; prod runs API_1 from
 *   Tuesday 09:00 (2 instances, scaled to 4 at noon), and the rogue `tools/miner:100%` (ROGUE) and
 *   `tools/miner:1000` (ROGUE_2) from Wednesday 18:00 to Thursday 08:00.
 */
export async function deploymentWeek(
  services: EvidentServices,
  org: string,
  setClock: (instant: string) => void,
): Promise<void> {
  setClock('2026-11-16T08:00:00.000Z');
  const template =
    'version: 1\ntrail:\n  artifacts:\n    - name: api\n      attestations: [ { name: unit-tests, type: generic } ]\n';
  const flow = 'payments-api';
  await services.flows.save(org, { name: flow, description: 'payments', template }, system);
  await services.flows.save(org, { name: 'pay_v2', description: 'underscore' }, system);
  await services.flows.save(org, { name: 'payXv2', description: 'no underscore' }, system);
  for (const [trail, fingerprint, commit] of [
    ['run-1', API_1, COMMIT_1],
    ['run-2', API_2, COMMIT_2],
    ['run-3', API_3, undefined],
  ] as const) {
    await services.delivery.saveTrail(
      org,
      { flow, name: trail, ...(commit !== undefined && { commit: { sha: commit } }) },
      system,
    );
    await services.delivery.reportArtifact(org, { flow, trail, fingerprint, name: 'api' }, system);
    await services.delivery.attest(
      org,
      {
        flow,
        trail,
        name: 'unit-tests',
        type: 'generic',
        artifact: { fingerprint },
        data: { compliant: true },
      },
      system,
    );
  }
  const envs = services.environments;
  await envs.createPolicy(
    org,
    'prod-rules',
    'version: 1\nartifacts:\n  provenance: { required: true }\n  trail-compliance: { required: true }\n',
    system,
  );
  await envs.save(org, { name: 'staging', type: 'k8s' }, system);
  await envs.save(org, { name: 'prod', type: 'k8s', policies: ['prod-rules'] }, system);
  await envs.save(org, { name: 'everywhere', type: 'logical', includes: ['staging', 'prod'] }, system);
  const report = async (when: string, environment: string, running: [string, string, number][]) => {
    setClock(when);
    const reported = await envs.report(
      org,
      environment,
      running.map(([name, fingerprint, instances]) => ({ name, fingerprint, instances })),
      system,
    );
    if (!reported.changed) throw new Error(`${environment} at ${when}: nothing changed`);
  };
  await report(WEEK.monday, 'staging', [[`${IMAGE}:1.4.1`, API_1, 1]]);
  await report(WEEK.tuesday, 'prod', [[`${IMAGE}:1.4.1`, API_1, 2]]);
  await report(WEEK.tuesdayNoon, 'prod', [[`${IMAGE}:1.4.1`, API_1, 4]]);
  await report(WEEK.wednesday, 'staging', [[`${IMAGE}:1.5.0`, API_2, 1]]);
  await report(WEEK.wednesdayEvening, 'prod', [
    [`${IMAGE}:1.4.1`, API_1, 4],
    ['tools/miner:100%', ROGUE, 1],
    ['tools/miner:1000', ROGUE_2, 1],
  ]);
  await report(WEEK.thursday, 'prod', [[`${IMAGE}:1.4.1`, API_1, 4]]);
}
