// The `evident` CLI as a pipeline runs it (issue #4), as separate processes against a real server:
// flow with template → trail from CI variables → artifact fingerprint → JUnit evidence → gate; then
// an outage: exit 4 and spooled, fail-open carries on, and a flush records everything exactly once.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateSignerKey } from '../src/core/ledger/signedNote.ts';
import { runCli } from './support/cli.ts';
import { freePort } from './support/postgres.ts';
import { startServerProcess } from './support/serverProcess.ts';

const TOKEN = `evd_${'G'.repeat(43)}`;
const SHA = '1f2d3c4b5a69788796a5b4c3d2e1f00112233445';
const SAMPLES = new URL('../../shared/samples/junit/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'evident-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a pipeline records, gates, survives an outage and flushes exactly once', async () => {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const env = {
    EVIDENT_HOST: host,
    EVIDENT_API_TOKEN: TOKEN,
    EVIDENT_STATE_DIR: join(dir, 'state'),
    GITHUB_ACTIONS: 'true',
    GITHUB_SHA: SHA,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/payments',
    GITHUB_RUN_ID: '4242',
    GITHUB_REF_NAME: 'main',
  };
  const cli = async (args: string[], code: number, extra: Record<string, string> = {}) => {
    const result = await runCli(args, { ...env, ...extra });
    assert.equal(result.code, code, `evident ${args.join(' ')}\n${result.stdout}${result.stderr}`);
    return result;
  };
  const template = join(dir, 'template.yml');
  writeFileSync(
    template,
    'version: 1\ntrail:\n  artifacts:\n    - name: app\n      attestations:\n        - { name: unit-tests, type: junit }\n',
  );
  const artifact = join(dir, 'app.tar');
  writeFileSync(artifact, 'the build output\n');
  const trail = ['--flow', 'payments-api', '--trail', SHA];
  const saved = join(dir, 'audit.checkpoint');

  const server = await startServerProcess(['--data-dir', join(dir, 'server'), '--port', String(port)], {
    EVIDENT_BOOTSTRAP_TOKEN: TOKEN,
  });
  let fingerprint = '';
  try {
    await cli(['create', 'flow', 'payments-api', '--template', template], 0);
    await cli(['begin', 'trail', SHA, '--flow', 'payments-api'], 0);
    const reported = await cli(
      ['attest', 'artifact', artifact, '--name', 'app', ...trail, '--output', 'json'],
      0,
    );
    fingerprint = execFileSync('sha256sum', [artifact]).toString().split(' ')[0]!;
    assert.match(reported.stdout, /"receipt"/);
    const { stdout: fp } = await cli(['fingerprint', artifact], 0);
    assert.equal(fp.trim(), fingerprint);
    await cli(['assert', 'artifact', fingerprint], 3);
    const passed = await cli(
      [
        'attest',
        'junit',
        join(SAMPLES, 'vitest-junit-passing.xml'),
        '--name',
        'unit-tests',
        '--artifact-name',
        'app',
        ...trail,
      ],
      0,
    );
    assert.match(passed.stdout, /junit attestation unit-tests: compliant/);
    await cli(['assert', 'artifact', `sha256:${fingerprint}`], 0);
    const failed = await cli(
      [
        'attest',
        'junit',
        join(SAMPLES, 'surefire-junit4-failures.xml'),
        '--name',
        'unit-tests',
        '--artifact-name',
        'app',
        ...trail,
      ],
      0,
    );
    assert.match(failed.stdout, /NOT compliant/);
    const gate = await cli(['assert', 'artifact', fingerprint], 3);
    assert.match(gate.stdout, /^artifact [0-9a-f]{64}: NOT compliant\nTRAIL +VERDICT +REASONS\n/);
    assert.match(gate.stdout, /\npayments-api\/1f2d\S* +NOT compliant +.*unit-tests/);
    const checkpoint = await fetch(`${host}/api/v1/orgs/default/log/checkpoint`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    writeFileSync(saved, await checkpoint.text());
    const summary = await cli(['assert', 'artifact', fingerprint, '--output', 'markdown'], 3);
    assert.match(
      summary.stdout,
      /^### artifact [0-9a-f]{64}: ❌ \*\*NOT compliant\*\*\n\n\| trail \| verdict \| reasons \|\n\| --- \| --- \| --- \|\n\| payments-api\/1f2d\S* \| ❌ \*\*NOT compliant\*\* \| .*unit-tests/,
    );
    assert.equal((await cli(['version'], 0)).stdout, '0.1.0\n');
    const dry = await cli(['attest', 'generic', '--name', 'manual-check', ...trail, '--dry-run'], 0);
    assert.match(
      dry.stderr,
      /would POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/orgs\/default\/flows\/payments-api\/trails\/1f2d/,
    );
  } finally {
    await server.stop();
  }

  // The server is down: the write is spooled and the command exits 4 — or 0 with --fail-open.
  await cli(['attest', 'generic', '--name', 'manual-check', ...trail, '--data', '{"compliant":true}'], 4);
  await cli(
    [
      'attest',
      'junit',
      join(SAMPLES, 'vitest-junit-passing.xml'),
      '--name',
      'unit-tests',
      '--artifact-name',
      'app',
      ...trail,
      '--fail-open',
    ],
    0,
  );
  const spooled = await cli(['spool', 'list', '--output', 'json'], 0);
  assert.equal(
    (JSON.parse(spooled.stdout) as unknown[]).length,
    3,
    'generic; junit evidence, then its attestation',
  );
  await cli(['spool', 'flush'], 4);

  const restarted = await startServerProcess(['--data-dir', join(dir, 'server'), '--port', String(port)], {});
  try {
    const flushed = await cli(['spool', 'flush'], 0);
    assert.match(flushed.stdout, /sent 3, rejected 0/);
    assert.match((await cli(['spool', 'flush'], 0)).stdout, /sent 0/);
    await cli(['assert', 'artifact', fingerprint], 0);
    const trails = await cli(['list', 'trails', '--flow', 'payments-api'], 0);
    assert.equal(trails.stdout, `TRAIL${' '.repeat(37)}VERDICT    COMMIT\n${SHA}  compliant  ${SHA}\n`);
    // A pipeline re-running `create flow` with the same template makes no new template version.
    await cli(['create', 'flow', 'payments-api', '--template', template], 0);
    const flow = (await cli(['get', 'flow', 'payments-api', '--output', 'markdown'], 0)).stdout;
    assert.match(flow, /^### flow payments-api\n\n\| field \| value \|\n[^]*\| template \| version 1 \|/);
    const get = ['get', 'trail', SHA, '--flow', 'payments-api'];
    const shown = JSON.parse((await cli([...get, '--output', 'json'], 0)).stdout) as {
      attestations: unknown[];
    };
    assert.equal(shown.attestations.length, 4);
    const text = (await cli(get, 0)).stdout;
    assert.match(text, new RegExp(`^trail ${SHA} of flow payments-api: compliant\\n  commit ${SHA}`));
    assert.match(text, /\nattestation unit-tests +junit +compliant/);
    const markdown = (await cli([...get, '--output', 'markdown'], 0)).stdout;
    assert.match(markdown, /^### trail \S+ of flow payments-api: ✅ compliant\n\n- commit /);
    assert.match(markdown, /\n\| artifact app \| [0-9a-f]{64} \| ✅ compliant \| {2}\|\n/);
    const junit = join(SAMPLES, 'vitest-junit-passing.xml');
    const digest = execFileSync('sha256sum', [junit]).toString().split(' ')[0]!;
    await cli(['evidence', 'get', digest, '-o', join(dir, 'copy.xml')], 0);
    assert.equal(
      execFileSync('sha256sum', [join(dir, 'copy.xml')])
        .toString()
        .split(' ')[0],
      digest,
    );
    const found = await cli(['search', fingerprint.slice(0, 8)], 0);
    assert.match(
      found.stdout,
      new RegExp(`\nartifact  ${fingerprint}  app in payments-api/${SHA}  compliant  fingerprint\n`),
    );
    assert.match((await cli(['search', 'PAYMENTS-a'], 0)).stdout, /\nflow +payments-api +name\n/);
    assert.equal((await cli(['search', 'fffff0'], 0)).stdout, 'nothing found for fffff0\n');
    assert.match((await cli(['search', 'x'], 2)).stderr, /2 to 100 characters/);
    const unknown = await cli(['assert', 'artifact', 'f'.repeat(64)], 3);
    assert.match(unknown.stdout, /NOT compliant\n {2}no trail reported this fingerprint/);
    assert.match(
      (await cli(['verify', 'log', '--checkpoint', saved], 0)).stdout,
      /^OK: .*\/default has \d+ entries/,
    );
    // The subcommand's own options reach it (not the offline `verify` command's of the same names).
    assert.match((await cli(['verify', 'log', '--output', 'json'], 0)).stdout, /^\{"origin":/);
    const forged = join(dir, 'forged.checkpoint');
    const lines = readFileSync(saved, 'utf8').split('\n');
    lines[2] = Buffer.alloc(32, 7).toString('base64');
    writeFileSync(forged, lines.join('\n'));
    // A saved checkpoint whose signature does not verify is bad input (exit 2), not a fork.
    assert.match(
      (await cli(['verify', 'log', '--checkpoint', forged], 2)).stderr,
      /forged\.checkpoint is not a checkpoint signed by a trusted key \(/,
    );
    await cli(['verify', 'log', '--checkpoint', join(dir, 'no-such.checkpoint')], 2);
    const stranger = generateSignerKey('evident.test/default', new Uint8Array(32).fill(9)).vkey;
    const fresh = { EVIDENT_STATE_DIR: join(dir, 'fresh-state') };
    await cli(['verify', 'log', '--vkey', stranger], 5, fresh);
    const response = await fetch(`${host}/api/v1/orgs/default/flows/payments-api/trails/${SHA}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const { attestations } = (await response.json()) as { attestations: { name: string }[] };
    assert.deepEqual(
      attestations.map((a) => a.name),
      ['unit-tests', 'unit-tests', 'manual-check', 'unit-tests'],
      'every spooled attestation recorded once, in order',
    );
  } finally {
    await restarted.stop();
  }
  const verified = await runCli(['verify', '--data-dir', join(dir, 'server')]);
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
});
