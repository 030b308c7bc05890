// Runs the independent Python verifier (test/independent/verify_log.py: standard library only, no code
// shared with this project) against a real in-process server: anyone holding nothing but the verifier
// key can check the log (DESIGN §3 "Checkpoints", §5 "Ledger endpoints"; C2SP signed-note and
// tlog-checkpoint, RFC 8032 §5.1.7, RFC 9162 §2.1).
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateSignerKey } from '../src/core/ledger/signedNote.ts';
import { startServer, type RunningServer } from '../src/server/startServer.ts';

const VERIFIER = fileURLToPath(new URL('./independent/verify_log.py', import.meta.url));
const ORG = 'default';

function pythonAvailable(): boolean {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
}

const hasPython = pythonAvailable();
if (!hasPython) {
  if (process.env.CI === 'true') {
    throw new Error(
      'python3 is required in CI to run the independent log verifier (test/independent/verify_log.py)',
    );
  }
  console.warn('SKIPPING test/independentVerifier.test.ts: python3 is not installed');
}

interface VerifierRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the verifier as a child process. Not spawnSync: the server runs in this process, and a
 * synchronous spawn would block the event loop that has to answer the verifier's requests.
 */
function runVerifier(args: readonly string[]): Promise<VerifierRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [VERIFIER, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

function explain(result: VerifierRun): string {
  return `exit ${result.status}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

describe('independent Python verifier', { skip: !hasPython && 'python3 is not installed' }, () => {
  let dir: string;
  let server: RunningServer;
  let token: string;
  let vkey: string;

  async function recordFlows(from: number, to: number): Promise<void> {
    for (let i = from; i < to; i++) {
      const response = await fetch(`${server.url}/api/v1/orgs/${ORG}/flows/flow-${i}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ description: `flow number ${i}` }),
      });
      assert.ok(response.ok, await response.text());
    }
  }

  function baseArgs(key = vkey): string[] {
    return ['--url', server.url, '--org', ORG, '--token', token, '--vkey', key];
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-independent-'));
    server = await startServer({
      dataDir: join(dir, 'data'),
      host: '127.0.0.1',
      port: 0,
      version: 'test',
      logger: false,
    });
    assert.ok(server.adminToken !== undefined, 'a first start creates the admin token');
    token = server.adminToken;
    const last = server.services.vkeys.at(-1);
    assert.ok(last !== undefined, 'the server has a verifier key');
    vkey = last;
    await recordFlows(0, 40);
  });

  after(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- before() may have failed early
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes its own self-test (RFC 8032 §7.1 TEST 1-3, signed-note, RFC 9162 vectors)', async () => {
    const result = await runVerifier(['--self-test']);
    assert.equal(result.status, 0, explain(result));
    assert.match(result.stdout, /self-test: \d+ checks passed, 0 failed/);
  });

  it('verifies the log with nothing but the verifier key, then its growth from a saved checkpoint', async () => {
    const saved = join(dir, 'checkpoint.txt');
    const first = await runVerifier([...baseArgs(), '--save', saved]);
    assert.equal(first.status, 0, explain(first));
    const firstSize = Number(/^checkpoint {3}origin \S+, size (\d+), root /m.exec(first.stdout)?.[1]);
    assert.ok(firstSize >= 40, explain(first));
    assert.match(first.stdout, /^signature {4}Ed25519 by \S+ verifies/m);
    assert.match(first.stdout, new RegExp(`^entries {6}${firstSize} fetched`, 'm'));
    assert.match(first.stdout, /^tree {9}root recomputed from the \d+ entries equals the checkpoint root/m);
    assert.match(
      first.stdout,
      new RegExp(`^inclusion {4}${firstSize}/${firstSize} sampled inclusion proofs verify`, 'm'),
    );
    assert.match(first.stdout, /^consistency {2}\d+ proofs from self-computed roots verify/m);
    assert.match(first.stdout, /^OK {11}log of default verified/m);
    const savedNote = readFileSync(saved, 'utf8');
    assert.match(savedNote, new RegExp(`^\\S+/${ORG}\\n${firstSize}\\n`));

    await recordFlows(40, 75);
    // A small page size makes the verifier page through the entries endpoint.
    const second = await runVerifier([
      ...baseArgs(),
      '--previous',
      saved,
      '--save',
      saved,
      '--page-size',
      '16',
    ]);
    assert.equal(second.status, 0, explain(second));
    const secondSize = Number(/^checkpoint {3}origin \S+, size (\d+), root /m.exec(second.stdout)?.[1]);
    assert.ok(secondSize >= firstSize + 35, explain(second));
    const pages = Math.ceil(secondSize / 16);
    assert.match(second.stdout, new RegExp(`^entries {6}${secondSize} fetched in ${pages} page\\(s\\)`, 'm'));
    assert.match(
      second.stdout,
      new RegExp(`^previous {5}signed by \\S+; size ${firstSize} -> ${secondSize} consistent`, 'm'),
    );
    // More than 64 entries: a spread-out sample of inclusion proofs.
    assert.match(second.stdout, new RegExp(`^inclusion {4}20/${secondSize} sampled`, 'm'));
  });

  it('fails (exit 5) with the verifier key of another key of the same name', async () => {
    const name = vkey.split('+')[0]!;
    const other = generateSignerKey(name, new Uint8Array(32).fill(7)).vkey;
    assert.notEqual(other, vkey);
    const result = await runVerifier(baseArgs(other));
    assert.equal(result.status, 5, explain(result));
    assert.match(result.stderr, /VERIFICATION FAILED {2}checkpoint: no signature from a trusted key/);
  });

  it('fails (exit 5) with a tampered previous checkpoint', async () => {
    const saved = join(dir, 'tamper.txt');
    const good = await runVerifier([...baseArgs(), '--save', saved]);
    assert.equal(good.status, 0, explain(good));
    const lines = readFileSync(saved, 'utf8').split('\n');
    // Line 3 of a C2SP tlog-checkpoint is the base64 root hash: replace it with another 32-byte hash.
    lines[2] = Buffer.alloc(32, 0xab).toString('base64');
    writeFileSync(saved, lines.join('\n'));
    const result = await runVerifier([...baseArgs(), '--previous', saved]);
    assert.equal(result.status, 5, explain(result));
    assert.match(result.stderr, /previous checkpoint .*: Ed25519 signature by \S+ does not verify/);
  });

  it('fails (exit 5) on a fork: a validly signed checkpoint of another log with the same key', async () => {
    // A second server with the same signing key and origin but other entries: its checkpoints verify,
    // yet they describe a different history, which the consistency proof must expose.
    const forkDir = mkdtempSync(join(tmpdir(), 'evident-independent-fork-'));
    const fork = await startServer({
      dataDir: forkDir,
      keyDir: join(dir, 'data', 'keys'),
      origin: server.origin,
      host: '127.0.0.1',
      port: 0,
      version: 'test',
      logger: false,
    });
    try {
      const forkToken = fork.adminToken!;
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${fork.url}/api/v1/orgs/${ORG}/flows/other-${i}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${forkToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ description: 'a different history' }),
        });
        assert.ok(response.ok, await response.text());
      }
      const saved = join(dir, 'fork.txt');
      const args = ['--url', fork.url, '--org', ORG, '--token', forkToken, '--vkey', vkey, '--save', saved];
      const onFork = await runVerifier(args);
      assert.equal(onFork.status, 0, explain(onFork));
      const result = await runVerifier([...baseArgs(), '--previous', saved]);
      assert.equal(result.status, 5, explain(result));
      assert.match(result.stderr, /VERIFICATION FAILED {2}fork: /);
    } finally {
      await fork.close();
      rmSync(forkDir, { recursive: true, force: true });
    }
  });

  it('exits 2 on bad usage and 4 when the server cannot be reached', async () => {
    const usage = await runVerifier(['--org', ORG]);
    assert.equal(usage.status, 2, explain(usage));
    const mangled = vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+');
    const badKey = await runVerifier(baseArgs(mangled));
    assert.equal(badKey.status, 2, explain(badKey));
    const unreachable = await runVerifier([
      '--url',
      'http://127.0.0.1:9',
      '--org',
      ORG,
      '--token',
      token,
      '--vkey',
      vkey,
    ]);
    assert.equal(unreachable.status, 4, explain(unreachable));
    const badToken = await runVerifier([
      '--url',
      server.url,
      '--org',
      ORG,
      '--token',
      'nope',
      '--vkey',
      vkey,
    ]);
    assert.equal(badToken.status, 4, explain(badToken));
  });
});
