import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSignerKey } from '../../src/core/ledger/signedNote.ts';
import { ROLES, type Role } from '../../src/core/model/token.ts';
import type { GitCommit } from '../../src/core/model/trail.ts';
import type { OpenDatabase } from '../../src/storage/openDatabase.ts';
import { EvidentServices, type ServiceOptions } from '../../src/service/evidentServices.ts';

export const TEST_ORIGIN = 'evident.test';

/** A fixed signing key for tests (deterministic, DESIGN §8). */
export const TEST_KEY = generateSignerKey(TEST_ORIGIN, new Uint8Array(32).fill(7));

/** A clock that advances one millisecond per reading, starting at a fixed instant. */
export function steppingClock(start = Date.parse('2026-11-19T02:30:00.000Z')): () => number {
  let t = start;
  return () => t++;
}

/** Deterministic "random" bytes for tests: a counter. */
export function countingRandom(): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    counter += 1;
    const bytes = new Uint8Array(n);
    new DataView(bytes.buffer).setUint32(0, counter);
    return bytes;
  };
}

export function testServices(
  database: OpenDatabase,
  options: Partial<
    Pick<
      ServiceOptions,
      'maxBatch' | 'now' | 'evidenceDir' | 'randomBytes' | 'fetch' | 'webhookTimeoutMs' | 'witnessDir'
    >
  > = {},
): EvidentServices {
  return new EvidentServices({
    evidenceDir: options.evidenceDir ?? mkdtempSync(join(tmpdir(), 'evident-evidence-')),
    database,
    origin: TEST_ORIGIN,
    skeys: [TEST_KEY.skey],
    vkeys: [TEST_KEY.vkey],
    now: steppingClock(),
    randomBytes: countingRandom(),
    ...options,
  });
}

/** Creates `org` with one token of every role; answers the tokens' secrets by role. */
export async function orgWithEveryRole(
  services: EvidentServices,
  org: string,
): Promise<Record<Role, string>> {
  const system = { type: 'system' } as const;
  await services.access.createOrg(org, system);
  const tokens: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    tokens[role] = (
      await services.access.createToken(org, { role, description: role, expiresAt: null }, system)
    ).secret;
  }
  return tokens as Record<Role, string>;
}

/**
 * Org `acme` with flow `payments-api`, whose template asks artifact `api` for a generic `unit-tests`
 * attestation: what {@link recordBuild} records builds of.
 */
export async function paymentsFlow(services: EvidentServices): Promise<void> {
  const system = { type: 'system' } as const;
  await services.access.createOrg('acme', system);
  const template =
    'version: 1\ntrail:\n  artifacts:\n    - name: api\n      attestations: [ { name: unit-tests, type: generic } ]\n';
  await services.flows.save('acme', { name: 'payments-api', description: 'payments', template }, system);
}

/**
 * One build of flow `payments-api` in org `acme`: trail `trail` (with `commit` facts, if any) reports
 * artifact `api` as `fingerprint`, with a generic `unit-tests` attestation that passed or not.
 */
export async function recordBuild(
  services: EvidentServices,
  build: { trail: string; fingerprint: string; passed: boolean; commit?: GitCommit },
): Promise<void> {
  const system = { type: 'system' } as const;
  const { trail, fingerprint } = build;
  const flow = 'payments-api';
  await services.delivery.saveTrail(
    'acme',
    { flow, name: trail, ...(build.commit && { commit: build.commit }) },
    system,
  );
  await services.delivery.reportArtifact('acme', { flow, trail, fingerprint, name: 'api' }, system);
  await services.delivery.attest(
    'acme',
    {
      flow,
      trail,
      name: 'unit-tests',
      type: 'generic',
      artifact: { fingerprint },
      data: { compliant: build.passed },
    },
    system,
  );
}
