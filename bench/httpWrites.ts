import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startServerProcess } from '../test/support/serverProcess.ts';
import { heading, line, ms, num } from './log.ts';
import { latencySummary, rate, ratio } from './stats.ts';
import { runLoad, type LoadResult } from './httpLoad.ts';
import { onCleanUp, tempDir } from './scratch.ts';

const CLIENTS = 64;
const TARGET_WRITES_PER_SEC = 5000;
const TARGET_P99_MS = 50;

/**
 * DESIGN §9 "API writes over HTTP, 64 concurrent clients, 2 cores: ≥ 5,000/s, p99 < 50 ms, durable
 * before ack". The real `evident server` runs in its own process (from source through tsx, embedded
 * SQLite in WAL with synchronous=FULL: a 200 is sent only after the commit's fsync), and this process
 * drives it. Baseline: the same clients against GET /api/v1/health (no auth, no database), i.e. what
 * the HTTP stack and this load generator manage on the same machine.
 */
export async function benchHttpWrites(measureMs: number) {
  heading(
    `HTTP writes: ${CLIENTS} keep-alive clients, ${measureMs / 1000} s each after a warm-up, server in a child process`,
  );
  const dataDir = tempDir('http');
  const token = `evd_${randomBytes(32).toString('base64url')}`;
  const server = await startServerProcess(['--data-dir', dataDir], { EVIDENT_BOOTSTRAP_TOKEN: token });
  onCleanUp(() => server.stop());
  const warmupMs = Math.min(3000, measureMs / 3);
  let health: LoadResult;
  let writes: LoadResult;
  let attestations: LoadResult;
  try {
    health = await runLoad({
      url: server.url,
      method: 'GET',
      request: () => ({ path: '/api/v1/health' }),
      headers: {},
      clients: CLIENTS,
      warmupMs,
      measureMs,
    });
    report('GET /api/v1/health (baseline)', health);
    writes = await runLoad({
      url: server.url,
      method: 'PUT',
      request: (c, n) => ({
        path: `/api/v1/orgs/default/flows/bench-${c}-${n}`,
        body: JSON.stringify({ description: `benchmark flow ${n} of client ${c}` }),
      }),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      clients: CLIENTS,
      warmupMs,
      measureMs,
    });
    report('PUT /api/v1/orgs/default/flows/<name>', writes);
    attestations = await attestationLoad(server.url, token, warmupMs, measureMs);
    report('POST …/trails/<trail>/attestations (junit, evidence re-read and parsed)', attestations);
  } finally {
    await server.stop();
  }
  const perCommit = entriesPerCommit(join(dataDir, 'evident.db'));
  const writesPerSec = rate(writes.completed, measureMs);
  const w = latencySummary(writes.latenciesMs);
  const r = ratio(writesPerSec, rate(health.completed, measureMs));
  const met = writesPerSec >= TARGET_WRITES_PER_SEC && w.p99Ms < TARGET_P99_MS && writes.errors === 0;
  line(
    `durable before ack: SQLite WAL, synchronous=FULL; ${num(perCommit, 1)} entries per commit on average`,
  );
  line(`writes / health throughput: ${num(r, 3)}×`);
  line(
    `absolute target ≥ ${num(TARGET_WRITES_PER_SEC)}/s and p99 < ${TARGET_P99_MS} ms: ${met ? 'met' : 'NOT met'}` +
      ` (${num(writesPerSec)}/s, p99 ${ms(w.p99Ms)})`,
  );
  return {
    clients: CLIENTS,
    seconds: measureMs / 1000,
    durableBeforeAck: 'sqlite WAL synchronous=FULL, response after commit',
    writes: {
      perSec: writesPerSec,
      ...w,
      errors: writes.errors,
      entriesPerCommit: Math.round(perCommit * 10) / 10,
    },
    baseline: {
      endpoint: 'GET /api/v1/health',
      perSec: rate(health.completed, measureMs),
      ...latencySummary(health.latenciesMs),
      errors: health.errors,
    },
    ratio: r,
    target: { writesPerSec: TARGET_WRITES_PER_SEC, p99Ms: TARGET_P99_MS, met },
    attestations: {
      perSec: rate(attestations.completed, measureMs),
      ...latencySummary(attestations.latenciesMs),
      errors: attestations.errors,
      ratioToHealth: ratio(rate(attestations.completed, measureMs), rate(health.completed, measureMs)),
    },
  };
}

/**
 * The write DESIGN §9 names: attestations. One trail per client under a flow whose template asks for
 * a junit attestation on the artifact; each request attests a real JUnit report (from the shared
 * samples) that the server reads back from the vault and parses.
 */
async function attestationLoad(
  url: string,
  token: string,
  warmupMs: number,
  measureMs: number,
): Promise<LoadResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const api = `${url}/api/v1/orgs/default`;
  const call = async (method: string, path: string, body: string | Buffer, type = 'application/json') => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { ...headers, 'content-type': type },
      body,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  };
  const report = readFileSync(
    new URL('../../shared/samples/junit/vitest-junit-passing.xml', import.meta.url),
  );
  const digest = createHash('sha256').update(report).digest('hex');
  const fingerprint = createHash('sha256').update('bench artifact').digest('hex');
  const template =
    'version: 1\ntrail:\n  artifacts:\n    - name: app\n      attestations:\n        - { name: unit-tests, type: junit }\n';
  await call('PUT', '/flows/bench-attest', JSON.stringify({ template }));
  await call('PUT', `/evidence/${digest}`, report, 'application/xml');
  for (let c = 0; c < CLIENTS; c++) {
    await call('PUT', `/flows/bench-attest/trails/t${c}`, JSON.stringify({}));
    await call(
      'POST',
      `/flows/bench-attest/trails/t${c}/artifacts`,
      JSON.stringify({ fingerprint, name: 'app' }),
    );
  }
  const body = JSON.stringify({
    name: 'unit-tests',
    type: 'junit',
    artifact: { fingerprint },
    evidence: [{ sha256: digest, name: 'junit.xml' }],
  });
  return runLoad({
    url,
    method: 'POST',
    request: (c) => ({ path: `/api/v1/orgs/default/flows/bench-attest/trails/t${c}/attestations`, body }),
    headers,
    clients: CLIENTS,
    warmupMs,
    measureMs,
  });
}

function report(what: string, result: LoadResult): void {
  const s = latencySummary(result.latenciesMs);
  line(
    `${what}: ${num(rate(result.completed, result.seconds * 1000))}/s, p50 ${ms(s.p50Ms)}, p99 ${ms(s.p99Ms)}, max ${ms(s.maxMs)}` +
      (result.errors > 0 ? `, ${num(result.errors)} ERRORS (first: ${result.firstError ?? '?'})` : ''),
  );
}

/** Average batch the server's sequencer committed: entries over signed checkpoints (one per commit). */
function entriesPerCommit(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return (
      count('select count(*) as n from ledger_entries') /
      Math.max(1, count('select count(*) - 1 as n from ledger_checkpoints'))
    );
  } finally {
    db.close();
  }
}
