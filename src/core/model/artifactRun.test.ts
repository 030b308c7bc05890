import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactRuns } from './artifactRun.ts';
import type { EnvironmentChange } from './environment.ts';

const FP = 'a'.repeat(64);
let index = 0;
const line = (
  environment: string,
  kind: EnvironmentChange['kind'],
  before: number,
  after: number,
  name = 'api',
): EnvironmentChange => {
  index += 1;
  return {
    environment,
    snapshot: index,
    at: new Date(Date.UTC(2026, 10, 16, index)).toISOString(),
    index,
    kind,
    name,
    fingerprint: FP,
    instancesBefore: before,
    instancesAfter: after,
    compliant: kind !== 'started' || environment !== 'prod',
    reasons: [],
    unauthorised: kind === 'started' && environment === 'prod',
    provenance: [],
  };
};

test('periods from the change log: started, scaled, stopped, started again; newest first', () => {
  const lines = [
    line('staging', 'started', 0, 1),
    line('prod', 'started', 0, 2),
    line('prod', 'scaled', 2, 5),
    line('staging', 'stopped', 1, 0),
    line('prod', 'scaled', 5, 3),
    line('staging', 'started', 0, 1),
    line('prod', 'started', 0, 1, 'api-canary'),
  ];
  assert.deepEqual(
    artifactRuns(lines).map((r) => [
      r.environment,
      r.name,
      r.fromIndex,
      r.untilIndex,
      r.instancesAtStart,
      r.instances,
      r.scalings,
      r.unauthorised,
    ]),
    [
      ['prod', 'api-canary', 7, null, 1, 1, 0, true],
      ['staging', 'api', 6, null, 1, 1, 0, false],
      ['prod', 'api', 2, null, 2, 3, 2, true],
      ['staging', 'api', 1, 4, 1, 1, 0, false],
    ],
  );
  assert.equal(artifactRuns(lines).at(-1)?.until, lines[3]?.at);
});

test('a log read from the middle of a period leaves that period out', () => {
  const lines = [line('prod', 'scaled', 1, 2), line('prod', 'stopped', 2, 0), line('prod', 'started', 0, 1)];
  assert.deepEqual(
    artifactRuns(lines).map((r) => [r.fromIndex, r.until]),
    [[lines[2]?.index, null]],
  );
  assert.deepEqual(artifactRuns([]), []);
});
