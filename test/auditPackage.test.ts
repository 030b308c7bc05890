// Audit packages end to end (issue #8 §1–2): a real server process and the built `evident` CLI
// record a realistic history — a flow with its template, a trail from a real git commit, JUnit,
// Trivy and Snyk attestations with real tool outputs as evidence, a policy, an environment, an
// approval, snapshots with an unauthorised artifact — then packages for an artifact, a trail and an
// environment range are exported through the CLI and the API (the same bytes for the same subject
// and log state). With the server stopped, `evident verify package` passes offline; then each kind
// of alteration — an entry's byte, a proof hash, an evidence file, report.json, report.html, the
// manifest, the checkpoint's signature — fails with exit 5 naming what differs, both when the
// manifest is left as it was and when a forger recomputes its digests; a wrong key and an expired
// trust window fail too, and hostile or broken archives are refused with exit 2.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { untarPackage } from '../src/cli/audit/untarPackage.ts';
import { GitSandbox } from '../src/cli/context/gitSandbox.testdata.ts';
import { packArchive } from '../src/core/audit/packArchive.ts';
import { parseManifest, type PackageManifest } from '../src/core/audit/packageManifest.ts';
import { canonicalBytes } from '../src/core/ledger/canonicalJson.ts';
import { runCli } from './support/cli.ts';
import { startServerProcess, type ServerProcess } from './support/serverProcess.ts';

const ADMIN = `evd_${'P'.repeat(43)}`;
const SAMPLES = '/work/shared/samples';
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'evident-audit-package-'));
const git = new GitSandbox();
let server: ServerProcess;
const tokens: Record<string, string> = { admin: ADMIN };
let vkey = '';

async function api(method: string, path: string, body?: unknown, token = ADMIN): Promise<unknown> {
  const response = await fetch(`${server.url}/api/v1/orgs/default${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return response.json();
}

/** Runs `evident ARGS` as `who` in `dir`, asserting its exit code. */
async function cli(who: string, args: string[], code: number, input?: string) {
  const result = await runCli(
    args,
    {
      EVIDENT_HOST: server.url,
      EVIDENT_API_TOKEN: tokens[who] ?? '',
      EVIDENT_STATE_DIR: join(dir, `state-${who}`),
    },
    { cwd: dir, ...(input !== undefined && { input }) },
  );
  assert.equal(result.code, code, `${who}: evident ${args.join(' ')}\n${result.stdout}${result.stderr}`);
  return result;
}

/** `evident verify package` offline: no server variable at all. */
async function verify(file: string, keys: string[], code: number) {
  const result = await runCli(['verify', 'package', file, ...keys], {
    EVIDENT_HOST: 'http://127.0.0.1:9',
    EVIDENT_API_TOKEN: '',
  });
  assert.equal(result.code, code, `evident verify package ${file}\n${result.stdout}${result.stderr}`);
  return result;
}

const TEMPLATE = `version: 1
trail:
  artifacts:
    - name: api
      attestations:
        - { name: unit-tests, type: junit }
        - { name: image-scan, type: trivy, params: { failOn: [CRITICAL, HIGH] } }
        - { name: dependency-scan, type: snyk, params: { failOn: critical } }
`;
const POLICY = `version: 1
artifacts:
  provenance: { required: true }
  trail-compliance: { required: true }
  attestations:
    - { name: image-scan, type: trivy }
  approval: { required: true, approvers: 1 }
`;

let fingerprint = '';
let broken = '';
let commit = '';
let from = '';
let until = '';
const rogue = sha256('crypto-miner 6.2');

before(async () => {
  server = await startServerProcess(['--data-dir', join(dir, 'server')], { EVIDENT_BOOTSTRAP_TOKEN: ADMIN });
  await api('POST', '/users', {
    username: 'alice',
    displayName: 'Alice Martin',
    role: 'approver',
    password: 'alice has a long password',
  });
  const session = (await api('POST', '/sessions', {
    username: 'alice',
    password: 'alice has a long password',
  })) as { token: { secret: string } };
  tokens.alice = session.token.secret;
  await api('POST', '/service-accounts', { name: 'ci' });
  const ci = (await api('POST', '/tokens', { role: 'writer', serviceAccount: 'ci' })) as {
    token: { secret: string };
  };
  tokens.ci = ci.token.secret;
  const auditor = (await api('POST', '/tokens', { role: 'auditor' })) as { token: { secret: string } };
  tokens.auditor = auditor.token.secret;
  vkey = (await (await fetch(`${server.url}/api/v1/log/key`)).text()).trim().split('\n').at(-1) ?? '';
});
after(async () => {
  await server.stop();
  git.remove();
  rmSync(dir, { recursive: true, force: true });
});

test('a pipeline records builds with real tool outputs, an approver lets one into prod, prod runs it', async () => {
  writeFileSync(join(dir, 'template.yml'), TEMPLATE);
  writeFileSync(join(dir, 'prod-rules.yml'), POLICY);
  await cli('admin', ['create', 'policy', 'prod-rules', '--file', 'prod-rules.yml'], 0);
  await cli('admin', ['create', 'environment', 'prod', '--type', 'server', '--policy', 'prod-rules'], 0);
  await cli('ci', ['create', 'flow', 'payments-api', '--template', 'template.yml'], 0);

  const repo = git.newRepo();
  commit = git.commit(repo, {
    message: 'Refunds in one click',
    author: ['Dana Whitfield', 'dana@acme.example'],
  });
  await cli(
    'ci',
    ['begin', 'trail', 'build-41', '--flow', 'payments-api', '--commit', commit, '--repo-root', repo],
    0,
  );
  const trail = ['--flow', 'payments-api', '--trail', 'build-41'];
  writeFileSync(join(dir, 'api.tar'), 'payments-api 1.4.0\n');
  await cli('ci', ['attest', 'artifact', 'api.tar', '--name', 'api', ...trail], 0);
  fingerprint = (await cli('ci', ['fingerprint', 'api.tar'], 0)).stdout.trim().replace(/^sha256:/, '');
  for (const [type, name, sample] of [
    ['junit', 'unit-tests', 'junit/vitest-junit-passing.xml'],
    ['trivy', 'image-scan', 'trivy/image-clean-sle-micro.json'],
    ['snyk', 'dependency-scan', 'snyk/test-maven-clean.json'],
  ] as const) {
    const file = join(dir, sample.split('/')[1] as string);
    copyFileSync(join(SAMPLES, sample), file);
    await cli('ci', ['attest', type, file, '--name', name, '--artifact-name', 'api', ...trail], 0);
  }
  await cli('ci', ['assert', 'artifact', fingerprint], 0);

  // A second build whose tests fail: not compliant, never deployed.
  await cli(
    'ci',
    ['begin', 'trail', 'build-42', '--flow', 'payments-api', '--commit', commit, '--repo-root', repo],
    0,
  );
  writeFileSync(join(dir, 'api-2.tar'), 'payments-api 1.5.0\n');
  const trail2 = ['--flow', 'payments-api', '--trail', 'build-42'];
  await cli('ci', ['attest', 'artifact', 'api-2.tar', '--name', 'api', ...trail2], 0);
  broken = (await cli('ci', ['fingerprint', 'api-2.tar'], 0)).stdout.trim().replace(/^sha256:/, '');
  copyFileSync(join(SAMPLES, 'junit/pytest-failures-skips-xfail.xml'), join(dir, 'pytest.xml'));
  await cli(
    'ci',
    ['attest', 'junit', 'pytest.xml', '--name', 'unit-tests', '--artifact-name', 'api', ...trail2],
    0,
  );
  await cli('ci', ['assert', 'artifact', broken], 3);

  const asked = await cli(
    'ci',
    [
      'request',
      'approval',
      '--environment',
      'prod',
      '--fingerprint',
      fingerprint,
      '--comment',
      'release 1.4.0',
    ],
    0,
  );
  const id = /^request (\d+):/.exec(asked.stdout)?.[1] ?? '';
  await cli('alice', ['approve', id, '--comment', 'CHG-118 reviewed'], 0);

  from = new Date(Date.now() - 1000).toISOString();
  const running = (extra: object[] = []) =>
    JSON.stringify([
      { name: 'registry.acme.example/payments/api:1.4.0', fingerprint, instances: 2 },
      ...extra,
    ]);
  await cli('admin', ['snapshot', 'json', 'prod', '-'], 0, running());
  await cli(
    'admin',
    ['snapshot', 'json', 'prod', '-'],
    0,
    running([{ name: 'docker.io/miner:latest', fingerprint: rogue, instances: 1 }]),
  );
  await cli('admin', ['snapshot', 'json', 'prod', '-'], 0, running());
  until = new Date(Date.now() + 1000).toISOString();
});

const packages: Record<string, { file: string; bytes: Buffer; seconds: number }> = {};
const subjects = {
  artifact: () => ['--artifact', fingerprint],
  trail: () => ['--flow', 'payments-api', '--trail', 'build-41'],
  environment: () => ['--environment', 'prod', '--from', from, '--until', until],
};
const apiQuery = {
  artifact: () => `artifact=${fingerprint}`,
  trail: () => 'flow=payments-api&trail=build-41',
  environment: () => `environment=prod&from=${encodeURIComponent(from)}&until=${encodeURIComponent(until)}`,
};

test('packages of an artifact, a trail and an environment range: the CLI and the API give the same bytes', async (t) => {
  for (const kind of ['artifact', 'trail', 'environment'] as const) {
    const started = performance.now();
    const exported = await cli('ci', ['export', 'audit-package', ...subjects[kind]()], 0);
    const seconds = (performance.now() - started) / 1000;
    const match =
      /^wrote (evident-audit-(\S+)-(\d+)\.tar\.gz) \((\d+) bytes\): proofs against checkpoint size (\d+)\n/.exec(
        exported.stdout,
      );
    assert.ok(match !== null, exported.stdout);
    const [, file = '', label = '', size = '', , checkpointSize = ''] = match;
    assert.equal(size, checkpointSize);
    assert.ok(label.startsWith(kind), label);
    const bytes = readFileSync(join(dir, file));
    packages[kind] = { file: join(dir, file), bytes, seconds };

    // Through the API with an auditor's token: the same bytes, the same name.
    const response = await fetch(`${server.url}/api/v1/orgs/default/audit-package?${apiQuery[kind]()}`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/gzip');
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="${file}"`);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(bytes), `${kind}: API and CLI bytes differ`);

    // Again: refused over the existing file, then the same bytes with --force.
    const again = await cli('ci', ['export', 'audit-package', ...subjects[kind](), '-o', file], 2);
    assert.match(again.stderr, /exists: pass --force to overwrite it/);
    const verified = await cli(
      'ci',
      ['export', 'audit-package', ...subjects[kind](), '-o', file, '--force', '--vkey', vkey],
      0,
    );
    assert.match(verified.stdout, /verified against --vkey/);
    assert.ok(readFileSync(join(dir, file)).equals(bytes), `${kind}: not reproducible`);
    const files = await untarPackage(bytes);
    t.diagnostic(
      `${kind} package: ${bytes.length} bytes compressed, ${[...files.values()].reduce((n, f) => n + f.length, 0)} unpacked, ${files.size} files (${[...files.keys()].filter((p) => p.startsWith('entries/')).length} entries, ${[...files.keys()].filter((p) => p.startsWith('evidence/')).length} evidence), exported in ${seconds.toFixed(2)} s`,
    );
  }

  const { artifact, trail, environment } = packages as Required<typeof packages>;
  const contents = async (p: { bytes: Buffer }) => untarPackage(p.bytes);
  const artifactFiles = await contents(artifact as { bytes: Buffer });
  const manifest = parseManifest(artifactFiles.get('manifest.json') as Uint8Array) as PackageManifest;
  assert.deepEqual(manifest.subject, { kind: 'artifact', fingerprint });
  assert.equal(manifest.org, 'default');
  // Every sample file attached to the compliant build is in it, by its SHA-256; the broken build's is not.
  for (const sample of [
    'junit/vitest-junit-passing.xml',
    'trivy/image-clean-sle-micro.json',
    'snyk/test-maven-clean.json',
  ])
    assert.ok(artifactFiles.has(`evidence/${sha256(readFileSync(join(SAMPLES, sample)))}`), sample);
  assert.ok(
    !artifactFiles.has(
      `evidence/${sha256(readFileSync(join(SAMPLES, 'junit/pytest-failures-skips-xfail.xml')))}`,
    ),
  );
  // The policy and the template in force are entries of the package.
  const types = [...artifactFiles]
    .filter(([p]) => p.startsWith('entries/'))
    .map(([, b]) => (JSON.parse(Buffer.from(b).toString()) as { type: string }).type);
  for (const type of [
    'flow.saved',
    'trail.saved',
    'artifact.reported',
    'attestation.recorded',
    'evidence.stored',
    'policy.created',
    'environment.saved',
    'snapshot.reported',
    'approval.requested',
    'approval.decided',
  ])
    assert.ok(types.includes(type), `artifact package lacks ${type}: ${types.join(', ')}`);
  const environmentFiles = await contents(environment as { bytes: Buffer });
  assert.ok(environmentFiles.size > 0);
  assert.ok(trail !== undefined);
});

test('a subject that is missing, ambiguous or unknown is a clear error, and nothing is written', async () => {
  const get = (query: string) =>
    fetch(`${server.url}/api/v1/orgs/default/audit-package?${query}`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
  const unknown = await get(`artifact=${'0'.repeat(64)}`);
  assert.equal(unknown.status, 404);
  assert.match(((await unknown.json()) as { detail: string }).detail, /artifact 0{64} is not in the log/);
  for (const query of [
    '',
    `artifact=${fingerprint}&flow=payments-api`,
    'environment=prod&from=yesterday&until=now',
  ]) {
    const bad = await get(query);
    assert.equal(bad.status, 400, query);
    assert.equal(((await bad.json()) as { code: string }).code, 'bad_request');
  }
  assert.equal((await get('flow=payments-api&trail=no-such-build')).status, 404);
  const usage = await cli('ci', ['export', 'audit-package', '--flow', 'payments-api'], 2);
  // The CLI speaks in its flags, not in the API's query parameters.
  assert.match(
    usage.stderr,
    /a trail package needs both --flow and --trail; name the subject with --artifact SHA256, or --flow and --trail, or --environment with --from and --until/,
  );
  assert.doesNotMatch(usage.stderr, /artifact=|flow=/);
  const missing = await cli(
    'ci',
    [
      'export',
      'audit-package',
      '--environment',
      'staging',
      '--from',
      '1.day.ago',
      '--until',
      'now',
      '-o',
      'none.tar.gz',
    ],
    2,
  );
  assert.match(missing.stderr, /environment staging not found \(HTTP 404\)/);
  assert.ok(!existsSync(join(dir, 'none.tar.gz')));
});

test('with the server stopped, each package verifies offline with the verifier key', async () => {
  await server.stop();
  for (const [kind, p] of Object.entries(packages)) {
    const ok = await verify(p.file, ['--vkey', vkey], 0);
    assert.match(ok.stdout, /^OK: every entry is in the signed log/m, kind);
    assert.match(ok.stdout, /signed by evident-/);
    const json = JSON.parse((await verify(p.file, ['--vkey', vkey, '--output', 'json'], 0)).stdout) as {
      ok: boolean;
      findings: string[];
      attestationsReevaluated: number;
    };
    assert.deepEqual(json.findings, []);
    if (kind !== 'environment') assert.ok(json.attestationsReevaluated >= 3, kind);
  }
  const trust = join(dir, 'trust.txt');
  writeFileSync(
    trust,
    `# the auditor's keys\n${vkey} not-before=2000-01-01T00:00:00Z not-after=2999-01-01T00:00:00Z\n`,
  );
  await verify(packages.artifact?.file ?? '', ['--trust', trust], 0);
});

/** Re-packs the artifact package with `change` applied; `forge` also recomputes the manifest's digests. */
async function altered(
  name: string,
  change: (files: Map<string, Uint8Array>) => void,
  forge: boolean,
): Promise<string> {
  const files = await untarPackage(packages.artifact?.bytes ?? Buffer.alloc(0));
  change(files);
  if (forge) {
    const manifest = parseManifest(files.get('manifest.json') as Uint8Array) as PackageManifest;
    const list = manifest.files.map((f) => {
      const body = files.get(f.path) as Uint8Array;
      return { path: f.path, size: body.length, sha256: sha256(body) };
    });
    files.set('manifest.json', canonicalBytes({ ...manifest, files: list }));
  }
  const file = join(dir, `${name}${forge ? '-forged' : ''}.tar.gz`);
  writeFileSync(file, packArchive(files));
  return file;
}

function flip(bytes: Uint8Array, at: number, to: string): Uint8Array {
  const copy = Buffer.from(bytes);
  copy[at] = to.charCodeAt(0);
  return copy;
}

test('each alteration fails with exit 5 and names what differs', async () => {
  const base = await untarPackage(packages.artifact?.bytes ?? Buffer.alloc(0));
  const manifest = parseManifest(base.get('manifest.json') as Uint8Array) as PackageManifest;
  const size = manifest.checkpoint.size;
  const entry = (type: string) =>
    [...base].find(
      ([p, b]) =>
        p.startsWith('entries/') && (JSON.parse(Buffer.from(b).toString()) as { type: string }).type === type,
    )?.[0] ?? '';
  const attestation = entry('attestation.recorded');
  const index = attestation.slice('entries/'.length);
  const evidence = [...base.keys()].find((p) => p.startsWith('evidence/')) ?? '';

  const cases: {
    name: string;
    change: (files: Map<string, Uint8Array>) => void;
    plain: RegExp;
    forged: RegExp;
  }[] = [
    {
      name: 'entry-byte',
      change: (files) => {
        const bytes = files.get(attestation) as Uint8Array;
        const at = Buffer.from(bytes).indexOf('"at":"') + 8; // a digit of the year
        files.set(attestation, flip(bytes, at, bytes[at] === 0x39 ? '8' : '9'));
      },
      plain: new RegExp(`TAMPERED ${attestation}: SHA-256 is [0-9a-f]{64}, manifest.json says [0-9a-f]{64}`),
      forged: new RegExp(
        `TAMPERED ${attestation}: leaf hash [0-9a-f]{64} does not match the inclusion proof proofs/${index}.json against checkpoint size ${size}`,
      ),
    },
    {
      name: 'proof-hash',
      change: (files) => {
        const path = `proofs/${index}.json`;
        const proof = JSON.parse(Buffer.from(files.get(path) as Uint8Array).toString()) as {
          hashes: string[];
        };
        const first = proof.hashes[0] ?? '';
        proof.hashes[0] = `${first[0] === 'a' ? 'b' : 'a'}${first.slice(1)}`;
        files.set(path, canonicalBytes(proof));
      },
      plain: new RegExp(`TAMPERED proofs/${index}\\.json: SHA-256 is [0-9a-f]{64}, manifest.json says`),
      forged: new RegExp(
        `TAMPERED ${attestation}: leaf hash [0-9a-f]{64} does not match the inclusion proof proofs/${index}.json against checkpoint size ${size}`,
      ),
    },
    {
      name: 'evidence',
      change: (files) => {
        const bytes = files.get(evidence) as Uint8Array;
        files.set(evidence, flip(bytes, 40, bytes[40] === 0x20 ? '\t' : ' '));
      },
      plain: new RegExp(`TAMPERED ${evidence}: SHA-256 is [0-9a-f]{64}, not ${evidence.slice(9)}`),
      forged: new RegExp(`TAMPERED ${evidence}: SHA-256 is [0-9a-f]{64}, not ${evidence.slice(9)}`),
    },
    {
      name: 'report-json',
      change: (files) => {
        const report = JSON.parse(Buffer.from(files.get('report.json') as Uint8Array).toString()) as {
          summary: { verdict: string };
        };
        report.summary.verdict = report.summary.verdict === 'compliant' ? 'unknown' : 'compliant';
        files.set('report.json', canonicalBytes(report));
      },
      plain: /TAMPERED report\.json: SHA-256 is [0-9a-f]{64}, manifest.json says/,
      forged:
        /TAMPERED report\.json differs from the report recomputed from the entries at \$\.summary\.verdict: "\S+" in the file, "\S+" recomputed/,
    },
    {
      name: 'report-html',
      change: (files) => {
        const html = Buffer.from(files.get('report.html') as Uint8Array).toString();
        files.set('report.html', Buffer.from(html.replace('</body>', '<p>All clear.</p></body>')));
      },
      plain: /TAMPERED report\.html: SHA-256 is [0-9a-f]{64}, manifest.json says/,
      forged:
        /TAMPERED report\.html differs from the report rendered from the entries, first at byte \d+ \(line \d+\)/,
    },
    {
      name: 'manifest',
      change: (files) => {
        const m = parseManifest(files.get('manifest.json') as Uint8Array) as PackageManifest;
        files.set(
          'manifest.json',
          canonicalBytes({ ...m, checkpoint: { ...m.checkpoint, size: m.checkpoint.size + 1 } }),
        );
      },
      plain: new RegExp(
        `TAMPERED manifest\\.json: checkpoint\\.size is ${size + 1}, the signed checkpoint says ${size}`,
      ),
      forged: new RegExp(
        `TAMPERED manifest\\.json: checkpoint\\.size is ${size + 1}, the signed checkpoint says ${size}`,
      ),
    },
    {
      name: 'checkpoint-signature',
      change: (files) => {
        const note = Buffer.from(files.get('checkpoint') as Uint8Array).toString();
        const at = note.length - 10; // inside the base64 signature
        files.set(
          'checkpoint',
          Buffer.from(`${note.slice(0, at)}${note[at] === 'A' ? 'B' : 'A'}${note.slice(at + 1)}`),
        );
      },
      plain: /TAMPERED checkpoint: SHA-256 is [0-9a-f]{64}, manifest.json says/,
      forged: /TAMPERED checkpoint: invalid signature for key evident-\S+\+[0-9a-f]{8}/,
    },
  ];
  for (const c of cases) {
    for (const forge of [false, true]) {
      const file = await altered(c.name, c.change, forge);
      const failed = await verify(file, ['--vkey', vkey], 5);
      assert.match(
        failed.stdout,
        forge ? c.forged : c.plain,
        `${c.name}${forge ? ' (forged manifest)' : ''}:\n${failed.stdout}`,
      );
      assert.match(failed.stdout, /^FAILED: \d+ problem\(s\) found in /m);
    }
  }
});

test('a wrong key, or a key trusted only before the checkpoint, fails with exit 5', async () => {
  const file = packages.artifact?.file ?? '';
  const { generateSignerKey } = await import('../src/core/ledger/signedNote.ts');
  const stranger = generateSignerKey('evident-stranger', new Uint8Array(32).fill(9)).vkey;
  const wrong = await verify(file, ['--vkey', stranger], 5);
  assert.match(
    wrong.stdout,
    /NOT TRUSTED checkpoint: signed by no key you trust \(the note is signed by evident-\S+\+[0-9a-f]{8}\)/,
  );
  assert.doesNotMatch(wrong.stdout, /TAMPERED/);
  const trust = join(dir, 'expired.txt');
  writeFileSync(trust, `${vkey} not-after=2001-01-01T00:00:00Z\n`);
  const expired = await verify(file, ['--trust', trust], 5);
  assert.match(
    expired.stdout,
    /NOT TRUSTED checkpoint: no key that signed it was trusted at the checkpoint's time \S+ \(entries\/\d+\): evident-\S+\+[0-9a-f]{8} is trusted only until 2001-01-01T00:00:00\.000Z/,
  );
  assert.doesNotMatch(expired.stdout, /TAMPERED/);
  // --vkey @FILE reads the key from the file, as `verify tiles` does; OK says what a package cannot prove.
  const keyFile = join(dir, 'vkey.txt');
  writeFileSync(keyFile, `${vkey}\n`);
  const fromFile = await verify(file, ['--vkey', `@${keyFile}`], 0);
  assert.match(fromFile.stdout, /^OK: /m);
  assert.match(fromFile.stdout, /it cannot prove that nothing was left out/);
});

test('what is not a usable package is refused with exit 2, naming the rule', async () => {
  const notGzip = join(dir, 'not-a-package.tar.gz');
  writeFileSync(notGzip, 'hello');
  assert.match((await verify(notGzip, ['--vkey', vkey], 2)).stderr, /not gzip-compressed/);
  // The real package with a symlink appended to its tar (before the end-of-archive blocks).
  const tar = gunzipSync(packages.artifact?.bytes ?? Buffer.alloc(0));
  const link = Buffer.alloc(512);
  link.write('report.html', 0);
  link.write('0000777\0', 100);
  link.write('0000000\0', 108);
  link.write('0000000\0', 116);
  link.write('00000000000\0', 124);
  link.write('00000000000\0', 136);
  link.write('        ', 148);
  link.write('2', 156);
  link.write('/etc/passwd', 157);
  link.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of link) sum += byte;
  link.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const hostile = join(dir, 'hostile.tar.gz');
  writeFileSync(hostile, gzipSync(Buffer.concat([link, tar])));
  assert.match(
    (await verify(hostile, ['--vkey', vkey], 2)).stderr,
    /not a safe audit package: "report.html" is a symlink/,
  );
  assert.match((await verify(join(dir, 'missing.tar.gz'), ['--vkey', vkey], 2)).stderr, /cannot read/);
  assert.ok(existsSync(packages.artifact?.file ?? '') && statSync(packages.artifact?.file ?? '').size > 0);
});
