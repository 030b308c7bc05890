// The environment commands of the built `evident` CLI (issue #5) against a real server process:
// policies and environments, snapshots from real files (paths), from JSON (file and stdin) and from a
// fake Kubernetes API server; time travel by number, count back and instant; the change log, diffs,
// gates; bad input; and an outage, where a report is spooled and later recorded exactly once.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeKubeApi, writeKubeconfig } from '../src/cli/reporters/k8s/fakeKubeApi.testdata.ts';
import { CLUSTER, CLUSTER_ARTIFACTS, CLUSTER_SKIPPED } from '../src/cli/reporters/k8s/pods.testdata.ts';
import { runCli } from './support/cli.ts';
import { freePort } from './support/postgres.ts';
import { startServerProcess, type ServerProcess } from './support/serverProcess.ts';

const TOKEN = `evd_${'H'.repeat(43)}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ROGUE = sha256('crypto-miner');

const dir = mkdtempSync(join(tmpdir(), 'evident-env-cli-'));
const srv = join(dir, 'srv');
const api = join(srv, 'app', 'api.jar');
const web = join(srv, 'web');
let server: ServerProcess;
let port = 0;
const env = () => ({
  EVIDENT_HOST: `http://127.0.0.1:${port}`,
  EVIDENT_API_TOKEN: TOKEN,
  EVIDENT_STATE_DIR: join(dir, 'state'),
});
const startServer = (extra: Record<string, string> = {}) =>
  startServerProcess(['--data-dir', join(dir, 'server'), '--port', String(port)], extra);

before(async () => {
  port = await freePort();
  server = await startServer({ EVIDENT_BOOTSTRAP_TOKEN: TOKEN });
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `evident ARGS`, asserting its exit code. */
async function cli(args: string[], code: number, options: Parameters<typeof runCli>[2] = {}) {
  const result = await runCli(args, env(), options);
  assert.equal(result.code, code, `evident ${args.join(' ')}\n${result.stdout}${result.stderr}`);
  return result;
}
const json = async <T>(args: string[]) =>
  JSON.parse((await cli([...args, '--output', 'json'], 0)).stdout) as T;
const write = (path: string, content: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
};
interface Shown {
  number: number;
  compliant: boolean;
  artifacts: { name: string; fingerprint: string; instances: number }[];
}

test('a policy and environments are created from the CLI', async () => {
  const policy = join(dir, 'prod-rules.yml');
  writeFileSync(policy, 'version: 1\nartifacts:\n  provenance: { required: true }\n');
  assert.equal(
    (await cli(['create', 'policy', 'prod-rules', '--file', policy], 0)).stdout,
    'policy prod-rules version 1 saved\n',
  );
  assert.equal(
    (await cli(['create', 'policy', 'prod-rules', '--file', policy], 0)).stdout,
    'policy prod-rules unchanged (version 1)\n',
  );
  await cli(['create', 'environment', 'prod', '--type', 'server', '--policy', 'prod-rules'], 0);
  await cli(['create', 'environment', 'everywhere', '--type', 'logical', '--include', 'prod'], 0);

  // Provenance: a pipeline reports both versions of the jar and the web directory.
  write(api, 'payments-api 1.0\n');
  write(join(web, 'index.html'), '<h1>payments</h1>\n');
  write(join(dir, 'build', 'api-2.jar'), 'payments-api 2.0\n');
  await cli(['create', 'flow', 'payments'], 0);
  await cli(['begin', 'trail', 'run-1', '--flow', 'payments'], 0);
  const trail = ['--flow', 'payments', '--trail', 'run-1'];
  await cli(['attest', 'artifact', api, '--name', 'api', ...trail], 0);
  await cli(['attest', 'artifact', join(dir, 'build', 'api-2.jar'), '--name', 'api-2', ...trail], 0);
  await cli(['attest', 'artifact', web, '--artifact-type', 'dir', '--name', 'web', ...trail], 0);
});

test('snapshot paths records a new snapshot only when the files change', async () => {
  const report = ['snapshot', 'paths', 'prod', api, web, join(srv, 'not-deployed')];
  const first = await cli(report, 0);
  assert.equal(first.stdout, 'snapshot #1 recorded\n');
  assert.match(first.stderr, /warning: left out not-deployed: .*not-deployed does not exist/);
  assert.equal((await cli(report, 0)).stdout, 'unchanged (snapshot #1), last seen refreshed\n');
  copyFileSync(join(dir, 'build', 'api-2.jar'), api);
  assert.equal((await cli(report, 0)).stdout, 'snapshot #2 recorded\n');
  await cli(['assert', 'snapshot', 'prod'], 0);
});

let beforeRogue = '';
test('snapshot json from a file and from stdin; a rogue artifact fails the gates until it goes', async () => {
  beforeRogue = new Date().toISOString();
  const running = [
    { name: 'api.jar', fingerprint: sha256('payments-api 2.0\n') },
    {
      name: 'web',
      fingerprint: `sha256:${(await cli(['fingerprint', web, '--type', 'dir'], 0)).stdout.trim()}`,
    },
  ];
  const file = join(dir, 'running.json');
  writeFileSync(
    file,
    JSON.stringify({
      artifacts: [...running, { name: 'docker.io/miner', fingerprint: ROGUE, instances: 2 }],
    }),
  );
  assert.equal((await cli(['snapshot', 'json', 'prod', file], 0)).stdout, 'snapshot #3 recorded\n');
  const gate = await cli(['assert', 'snapshot', 'prod'], 3);
  assert.match(gate.stdout, /^prod #3, reported \S+: NOT compliant\n/);
  assert.match(
    gate.stdout,
    /\ndocker\.io\/miner +[0-9a-f]{12} +2 +NOT compliant +policy prod-rules: no provenance/,
  );
  const fingerprintGate = await cli(['assert', 'artifact', ROGUE, '--environment', 'prod'], 3);
  assert.match(
    fingerprintGate.stdout,
    new RegExp(`^artifact ${ROGUE} in prod: NOT compliant\nREASON\n.*no provenance`),
  );
  await cli(['assert', 'artifact', running[0]!.fingerprint, '--environment', 'prod'], 0);

  const stdin = await cli(['snapshot', 'json', 'prod', '-', '--output', 'json'], 0, {
    input: JSON.stringify(running),
  });
  assert.deepEqual(
    (JSON.parse(stdin.stdout) as { changed: boolean; snapshot: number }).snapshot,
    4,
    "json output is the server's answer",
  );
  await cli(['assert', 'snapshot', 'prod'], 0);
});

test('time travel: get snapshot by REF, the change log, diff, list, markdown', async () => {
  const [now, first, back, at, present] = await Promise.all([
    cli(['get', 'snapshot', 'prod'], 0),
    json<Shown>(['get', 'snapshot', 'prod#1']),
    json<Shown>(['get', 'snapshot', 'prod~1']),
    json<Shown>(['get', 'snapshot', `prod@{${beforeRogue}}`]),
    json<Shown>(['get', 'snapshot', 'prod@{now}']),
  ]);
  assert.match(
    now.stdout,
    /^prod #4, reported \d{4}-\d\d-\d\dT[\d:.]+Z: compliant\nNAME +FINGERPRINT +INSTANCES +VERDICT +REASONS\napi\.jar +[0-9a-f]{12} +1 +compliant\nweb /,
  );
  assert.deepEqual(
    first.artifacts.map((a) => [a.name, a.fingerprint]),
    [
      ['api.jar', sha256('payments-api 1.0\n')],
      ['web', present.artifacts[1]!.fingerprint],
    ],
  );
  assert.deepEqual([back.number, back.compliant], [3, false]);
  assert.equal(at.number, 2, 'what ran before the rogue artifact came');
  assert.equal(present.number, 4);

  const markdown = (await cli(['get', 'snapshot', 'prod~1', '--output', 'markdown'], 0)).stdout;
  assert.match(
    markdown,
    /^### prod #3, reported \S+: ❌ \*\*NOT compliant\*\*\n\n- ran until \S+, when #4 replaced it\n\n\| name \| fingerprint \| instances \| verdict \| reasons \|\n/,
  );
  assert.match(
    markdown,
    /\n\| docker\.io\/miner \| [0-9a-f]{12} \| 2 \| ❌ \*\*NOT compliant\*\* \| policy prod-rules: no provenance: no pipeline reported this fingerprint; arrived unauthorised \|/,
  );
  const logical = (await cli(['get', 'snapshot', 'everywhere'], 0)).stdout;
  assert.match(logical, /^everywhere \(logical, 1 member\(s\) with a snapshot\): compliant\n\nprod #4, /);

  const log = (await cli(['log', 'environment', 'prod'], 0)).stdout;
  const lines = log.split('\n');
  assert.equal(lines[0], 'changes in prod, newest first');
  assert.match(lines[1] ?? '', /^AT +SNAPSHOT +CHANGE +NAME +VERDICT +PROVENANCE$/);
  assert.match(lines[2] ?? '', /^\S+ +prod#4 +stopped 2→0 +docker\.io\/miner +NOT compliant +none$/);
  assert.match(
    lines[3] ?? '',
    /^\S+ +prod#3 +started 0→2 +docker\.io\/miner +UNAUTHORISED, NOT compliant +none$/,
  );
  assert.match(log, /\n\S+ +prod#2 +started 0→1 +api\.jar +compliant +payments\/run-1\n/);
  assert.equal(lines.filter((line) => line.includes('UNAUTHORISED')).length, 1, 'flagged once');
  const window = await json<{ snapshot: number }[]>([
    'log',
    'environment',
    'prod',
    '--since',
    beforeRogue,
    '--limit',
    '2',
  ]);
  assert.deepEqual(
    window.map((c) => c.snapshot),
    [4, 3],
  );

  const diff = (await cli(['diff', 'snapshots', 'prod#1', 'prod'], 0)).stdout;
  assert.match(
    diff,
    /^prod #1, reported \S+ → prod #4, reported \S+\nCHANGE +NAME +FINGERPRINT +INSTANCES\n/,
  );
  assert.match(diff, /\nstarted +api\.jar +[0-9a-f]{12} +0→1\nstopped +api\.jar +[0-9a-f]{12} +1→0\n$/);

  assert.match(
    (await cli(['list', 'environments'], 0)).stdout,
    /^NAME +TYPE +SNAPSHOT +VERDICT +LAST SEEN\neverywhere +logical +of prod +compliant +never\nprod +server +#4 +compliant +\d{4}-/,
  );
});

test('bad input exits 2 with the reason', async () => {
  assert.match((await cli(['get', 'snapshot', 'nope'], 2)).stderr, /environment nope not found/);
  assert.match(
    (await cli(['get', 'snapshot', 'prod#x'], 2)).stderr,
    /"prod#x" is not ENV, ENV#N, ENV~N or ENV@\{time\}/,
  );
  assert.match(
    (await cli(['get', 'snapshot', 'prod@{yesterday}'], 2)).stderr,
    /"yesterday" is not an instant/,
  );
  assert.match(
    (await cli(['snapshot', 'json', 'prod', '-'], 2, { input: '[{"name":"api","fingerprint":"abc"}]' }))
      .stderr,
    /stdin: artifacts\[0\]\.fingerprint must be a SHA-256/,
  );
  assert.match(
    (await cli(['snapshot', 'json', 'nope', '-'], 2, { input: `[{"name":"api","fingerprint":"${ROGUE}"}]` }))
      .stderr,
    /environment nope not found/,
  );
  assert.match(
    (await cli(['create', 'environment', 'x', '--type', 'mainframe'], 2)).stderr,
    /Allowed choices are k8s, ecs, lambda, s3, server, docker, logical/,
  );
});

test('snapshot k8s reports the pods of a cluster through its API server', async () => {
  const token = 'eyJhbGciOiJSUzI1NiJ9.evident-reporter.signature';
  const kube = await startFakeKubeApi(token, CLUSTER);
  try {
    const kubeconfig = writeKubeconfig(dir, 'kubeconfig', [
      { name: 'kind-evident', server: kube.url, token },
    ]);
    await cli(['create', 'environment', 'cluster', '--type', 'k8s'], 0);
    const reported = await cli(['snapshot', 'k8s', 'cluster', '--kubeconfig', kubeconfig], 0);
    assert.equal(reported.stdout, 'snapshot #1 recorded\n');
    for (const { name } of CLUSTER_SKIPPED)
      assert.ok(reported.stderr.includes(`warning: left out ${name}: `));
    const shown = await json<Shown>(['get', 'snapshot', 'cluster']);
    assert.deepEqual(
      shown.artifacts.map(({ name, fingerprint, instances }) => ({ name, fingerprint, instances })),
      CLUSTER_ARTIFACTS,
    );
  } finally {
    await kube.close();
  }
});

test('snapshot paths --watch reports every change until SIGTERM, then exits 0', async () => {
  let changed = false;
  const watched = await cli(['snapshot', 'paths', 'prod', api, web, '--watch', '--interval', '1'], 0, {
    onStdout: (stdout, kill) => {
      const reports = stdout.split('\n').length - 1;
      if (reports === 1 && !changed) {
        changed = true;
        write(join(web, 'index.html'), '<h1>payments 2</h1>\n');
      }
      if (reports === 2) kill('SIGTERM');
    },
  });
  assert.deepEqual(watched.stdout.split('\n'), [
    'unchanged (snapshot #4), last seen refreshed',
    'snapshot #5 recorded',
    '',
  ]);
});

test('server down: snapshot json is spooled (exit 4); spool flush records it exactly once', async () => {
  await server.stop();
  const input = JSON.stringify([
    { name: 'api.jar', fingerprint: sha256('payments-api 2.0\n'), instances: 3 },
  ]);
  const down = await cli(['snapshot', 'json', 'prod', '-'], 4, { input });
  assert.match(down.stderr, /server unreachable: spooled to /);
  assert.equal((await json<unknown[]>(['spool', 'list'])).length, 1);

  server = await startServer();
  assert.match((await cli(['spool', 'flush'], 0)).stdout, /^sent 1, rejected 0/);
  assert.match((await cli(['spool', 'flush'], 0)).stdout, /^sent 0/);
  const shown = await json<Shown>(['get', 'snapshot', 'prod']);
  assert.deepEqual([shown.number, shown.artifacts.map((a) => a.instances)], [6, [3]]);
  assert.match((await cli(['get', 'snapshot', 'prod#7'], 2)).stderr, /has 6 snapshot\(s\), not #7/);
});
