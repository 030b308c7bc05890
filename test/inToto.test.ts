// in-toto both ways (issue #8 §4) against a real server through the built CLI. Export: an artifact's
// provenance, test results, scans and Evident's verification summary as Statements v1 that validate
// against the JSON Schemas of test/vectors/intoto (written from the spec pages; see its README),
// which every real sample in shared/samples/intoto validates against too. Import: every sample file
// becomes intoto attestations bound by sha256 subject; bad files are refused and record nothing.
// Signatures: with --key / keys every statement must verify (openssl-made keys and signatures around
// the real statements), what verified is recorded and judged again, offline too (an audit package).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import { opensslSigner, signedEnvelope } from './support/opensslSigner.ts';
import { parseVerificationKey } from '../src/core/intoto/verificationKey.ts';
import { canonicalBytes } from '../src/core/ledger/canonicalJson.ts';
import { startServer, type RunningServer } from '../src/server/startServer.ts';
import { runCli } from './support/cli.ts';
import { freePort } from './support/postgres.ts';

const TOKEN = `evd_${'I'.repeat(43)}`;
const SHA = '7a1c2d3e4f5061728394a5b6c7d8e9f001122334';
const SHARED = new URL('../../shared/samples/', import.meta.url).pathname;
const VECTORS = new URL('./vectors/intoto/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'evident-intoto-'));
after(() => rmSync(root, { recursive: true, force: true }));

type Json = Record<string, unknown>;

function validators(): { statement: (s: Json) => void } {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  for (const name of readdirSync(VECTORS).filter((f) => f.endsWith('.schema.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(join(VECTORS, name), 'utf8')) as Json);
  }
  const schema = (name: string): ValidateFunction => {
    const found = ajv.getSchema(`https://evident.invalid/schemas/intoto/${name}.schema.json`);
    assert.ok(found, name);
    return found;
  };
  const predicates: Record<string, ValidateFunction> = {
    'https://slsa.dev/provenance/v1': schema('slsa-provenance-v1.predicate'),
    'https://in-toto.io/attestation/test-result/v0.1': schema('test-result-v0.1.predicate'),
    'https://in-toto.io/attestation/vulns/v0.2': schema('vulns-v0.2.predicate'),
    'https://slsa.dev/verification_summary/v1': schema('vsa-v1.predicate'),
  };
  const check = (validate: ValidateFunction, value: unknown, what: string) => {
    assert.ok(validate(value), `${what}: ${JSON.stringify(validate.errors)}`);
  };
  return {
    statement: (s) => {
      const type = s._type === 'https://in-toto.io/Statement/v0.1' ? 'statement-v0.1' : 'statement-v1';
      check(schema(type), s, `${String(s.predicateType)} statement`);
      const predicate = predicates[String(s.predicateType)];
      if (predicate !== undefined) check(predicate, s.predicate, String(s.predicateType));
    },
  };
}

/** The statement inside a sample file: plain, DSSE payload, or a Sigstore bundle's DSSE payload. */
function statementOfSample(text: string): Json {
  const json = JSON.parse(text) as Json;
  const envelope = (json.dsseEnvelope ?? json) as Json;
  return typeof envelope.payload === 'string'
    ? (JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as Json)
    : json;
}

test('every real in-toto sample validates against the schemas (they are not stricter than producers)', () => {
  const { statement } = validators();
  const dir = join(SHARED, 'intoto');
  const files = readdirSync(dir);
  assert.equal(files.length, 6);
  for (const name of files) statement(statementOfSample(readFileSync(join(dir, name), 'utf8')));
});

function serve(port: number, data = 'server'): Promise<RunningServer> {
  return startServer({
    dataDir: join(root, data),
    origin: 'evident.intoto.test',
    host: '127.0.0.1',
    port,
    version: 'test',
    bootstrapToken: TOKEN,
    logger: false,
  });
}

/** The built CLI (asserting its exit code), the HTTP API and the log size, against one server. */
function clients(host: string, env: NodeJS.ProcessEnv) {
  const cli = async (args: string[], code: number) => {
    const result = await runCli(args, env);
    assert.equal(result.code, code, `evident ${args.join(' ')}\n${result.stdout}${result.stderr}`);
    return result;
  };
  const api = async (
    path: string,
    init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${host}/api/v1/orgs/default${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers },
    });
  const logSize = async () => Number((await (await api('/log/checkpoint')).text()).split('\n')[1]);
  return { cli, api, logSize };
}

test('export: statements about a real artifact validate and say what the ledger holds; import: every sample', async () => {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const env = {
    EVIDENT_HOST: host,
    EVIDENT_API_TOKEN: TOKEN,
    EVIDENT_STATE_DIR: join(root, 'state'),
    GITHUB_ACTIONS: 'true',
    GITHUB_SHA: SHA,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/payments',
    GITHUB_RUN_ID: '4242',
  };
  const { cli, api, logSize } = clients(host, env);
  const server = await serve(port);
  try {
    const template = join(root, 'template.yml');
    writeFileSync(
      template,
      'version: 1\ntrail:\n  artifacts:\n    - name: app\n      attestations:\n        - { name: unit-tests, type: junit }\n        - { name: image-scan, type: trivy }\n',
    );
    const trail = ['--flow', 'payments-api', '--trail', SHA];
    await cli(['create', 'flow', 'payments-api', '--template', template], 0);
    await cli(['begin', 'trail', SHA, '--flow', 'payments-api'], 0);
    const artifact = join(root, 'app.tar');
    writeFileSync(artifact, 'the build output\n');
    const fingerprint = createHash('sha256').update('the build output\n').digest('hex');
    await cli(['attest', 'artifact', artifact, '--name', 'app', ...trail], 0);
    const junit = join(SHARED, 'junit', 'surefire-junit4-failures.xml');
    const trivy = join(SHARED, 'trivy', 'image-alpine-3.9.json');
    await cli(['attest', 'junit', junit, '--name', 'unit-tests', '--artifact-name', 'app', ...trail], 0);
    await cli(['attest', 'trivy', trivy, '--name', 'image-scan', '--artifact-name', 'app', ...trail], 0);

    // Export.
    const out = join(root, 'app.intoto.jsonl');
    await cli(['export', 'intoto', `sha256:${fingerprint}`, '-o', out], 0);
    const lines = readFileSync(out, 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    const statements = lines.map((line) => JSON.parse(line) as Json);
    const { statement } = validators();
    statements.forEach(statement);
    assert.deepEqual(
      statements.map((s) => s.predicateType),
      [
        'https://slsa.dev/provenance/v1',
        'https://in-toto.io/attestation/test-result/v0.1',
        'https://in-toto.io/attestation/vulns/v0.2',
        'https://slsa.dev/verification_summary/v1',
      ],
    );
    for (const s of statements) {
      assert.equal(s._type, 'https://in-toto.io/Statement/v1');
      assert.deepEqual(s.subject, [{ name: 'app.tar', digest: { sha256: fingerprint } }]);
    }
    const [provenance, tests, vulns, vsa] = statements.map((s) => s.predicate as Json) as [
      Json,
      Json,
      Json,
      Json,
    ];
    assert.deepEqual(provenance.buildDefinition, {
      buildType: 'urn:evident:slsa-build-type:ci-pipeline:v1',
      externalParameters: {
        flow: 'payments-api',
        trail: SHA,
        repository: 'https://github.com/acme/payments',
        commit: SHA,
      },
      resolvedDependencies: [{ uri: 'git+https://github.com/acme/payments', digest: { gitCommit: SHA } }],
    });
    // The builder is the platform (the same for every run); the run is the invocation.
    const runDetails = provenance.runDetails as Json;
    assert.deepEqual(runDetails.builder, { id: 'https://github.com/actions/runner' });
    assert.equal(
      (runDetails.metadata as Json).invocationId,
      'https://github.com/acme/payments/actions/runs/4242',
    );
    const junitSha = createHash('sha256').update(readFileSync(junit)).digest('hex');
    const trivySha = createHash('sha256').update(readFileSync(trivy)).digest('hex');
    assert.equal(tests.result, 'FAILED');
    // No test configuration is known; the JUnit files are results, reached through the VSA's ledger entries.
    assert.deepEqual(tests.configuration, []);
    assert.equal(tests.url, 'https://github.com/acme/payments/actions/runs/4242');
    assert.ok((tests.failedTests as string[]).length > 0);
    const results = (vulns.scanner as Json).result as { id: string; severity: { score: string }[] }[];
    assert.ok(results.some((r) => r.id.startsWith('CVE-') && r.severity[0]?.score === 'CRITICAL'));
    assert.equal(vsa.verificationResult, 'FAILED');
    assert.deepEqual(vsa.verifiedLevels, ['FAILED']);
    assert.deepEqual(vsa.verifier, { id: 'urn:evident:verifier:evident.intoto.test' });
    assert.equal(vsa.resourceUri, `ni:///sha-256;${Buffer.from(fingerprint, 'hex').toString('base64url')}`);
    // The template the trail is judged by (its copy of the flow's, taken when it began).
    assert.equal(
      (vsa.policy as Json).uri,
      `urn:evident:template:evident.intoto.test:default:payments-api:trail:${SHA}`,
    );
    // inputAttestations: the ledger entries of the attestations, each digest the SHA-256 of the entry
    // bytes the log serves; those entries name the evidence files.
    const inputs = vsa.inputAttestations as { name: string; uri: string; digest: { sha256: string } }[];
    assert.deepEqual(
      inputs.map((a) => a.name),
      ['unit-tests', 'image-scan'],
    );
    const evidenceOf: string[] = [];
    for (const input of inputs) {
      const match = /^urn:evident:log-entry:evident\.intoto\.test:default:(\d+)$/.exec(input.uri);
      assert.ok(match, input.uri);
      const index = Number(match[1]);
      const page = (await (await api(`/log/entries?start=${index}&end=${index + 1}`)).json()) as {
        entries: { index: number; entry: string }[];
      };
      const bytes = Buffer.from(page.entries[0]?.entry ?? '', 'base64');
      assert.equal(createHash('sha256').update(bytes).digest('hex'), input.digest.sha256);
      evidenceOf.push(bytes.toString('utf8'));
    }
    assert.ok(evidenceOf[0]?.includes(junitSha) && evidenceOf[1]?.includes(trivySha));
    const flow = (await (await api('/flows/payments-api')).json()) as {
      flow?: { template: unknown };
      template?: unknown;
    };
    const templateJson = flow.flow?.template ?? flow.template;
    assert.deepEqual((vsa.policy as Json).digest, {
      sha256: createHash('sha256').update(canonicalBytes(templateJson)).digest('hex'),
    });
    const served = await api(`/artifacts/${fingerprint}/intoto`);
    assert.match(served.headers.get('content-type') ?? '', /^application\/vnd\.in-toto\.bundle/);
    assert.equal(await served.text(), readFileSync(out, 'utf8'));
    assert.equal((await api(`/artifacts/${'f'.repeat(64)}/intoto`)).status, 404);

    // Import every sample: artifacts with the samples' sha256 subjects are reported first.
    const bazel = '06ce330900a7d6403bc8d88e5dfad6aeeb8ae40179f66bb89e69c8bf6f6b1a0b';
    const buildkit = 'd1fc0de9c6a33e502c488221644de1736c53d8ddb59b0e41b4946fb26af50e69';
    for (const [name, fp] of [
      ['module', bazel],
      ['image', buildkit],
    ] as const) {
      await cli(['attest', 'artifact', '--fingerprint', fp, '--name', name, ...trail], 0);
    }
    const imported = async (file: string) =>
      (await cli(['attest', 'intoto', join(SHARED, 'intoto', file), ...trail], 0)).stdout;
    assert.match(
      await imported('slsa-provenance-v1-github-sigstore-bundle.json'),
      new RegExp(
        `^intoto attestation slsa-provenance \\(https://slsa\\.dev/provenance/v1\\) of statement 0 about artifact ${bazel}: compliant\\n  signature: verified by the Sigstore bundle's own key sha256:[0-9a-f]{64} \\(certificate for uri:https://github\\.com/bazel-contrib/publish-to-bcr/\\S+, OIDC issuer https://token\\.actions\\.githubusercontent\\.com\\); its chain to the Sigstore root is not verified\\n$`,
      ),
    );
    // Every attestation has a signature line, "unsigned" for a plain Statement.
    assert.match(
      await imported('buildkit-slsa-provenance-v0.2-statement.json'),
      new RegExp(
        `about artifact ${buildkit}: compliant\\n {2}signature: unsigned \\(a plain Statement\\)\\n$`,
      ),
    );
    assert.match(
      await imported('slsa-provenance-v0.2-dsse-envelope.json'),
      /about artifact 2892146b\S+ \(not reported in this trail yet; binds when it is\): compliant\n {2}signature: not verified: no key was given\n$/,
    );
    assert.match(
      await imported('vsa-v1-dsse.json'),
      /^intoto attestation vsa .*about the trail \(no subject has a sha256 digest, so it matches no artifact\): compliant/,
    );
    assert.match(
      await imported('vulns-v0.2-statement-v1.json'),
      /^intoto attestation vulns .*: NOT compliant: 1 vulnerability with severity CRITICAL or HIGH: GHSA-7rjr-3q55-vv33 \(CRITICAL\)/,
    );
    // A 40-digit "sha256" is named as malformed, not passed off as no sha256 subject.
    assert.match(
      await imported('vulns-v0.2-statement-v1-no-vulns.json'),
      /about the trail \(the sha256 digest of subject\[0\] is malformed \(not 64 hex digits: "3a2bd2c5cc4c978e8aefd8bd0ef335fb42ee31d1"\), so it matches no artifact\): compliant\n {2}signature: unsigned \(a plain Statement\)\n$/,
    );
    const trailView = (await (await api(`/flows/payments-api/trails/${SHA}`)).json()) as {
      attestations: { type: string; target: unknown; summary: { wrapper?: string } }[];
    };
    const intoto = trailView.attestations.filter((a) => a.type === 'intoto');
    assert.equal(intoto.length, 6);
    assert.deepEqual(intoto[0]?.target, { fingerprint: bazel });
    assert.equal(intoto.map((a) => a.summary.wrapper)[0], 'sigstore-bundle');

    // Bad files: refused before anything is sent, and nothing is recorded.
    const before = await logSize();
    const envelope = JSON.parse(
      readFileSync(join(SHARED, 'intoto', 'slsa-provenance-v0.2-dsse-envelope.json'), 'utf8'),
    ) as Json;
    for (const [name, content, message] of [
      ['bad-base64.json', JSON.stringify({ ...envelope, payload: '%%%' }), /the DSSE payload is not base64/],
      [
        'wrong-type.json',
        JSON.stringify({ ...envelope, payloadType: 'text/plain' }),
        /evidence file "wrong-type\.json" cannot be read as in-toto: the DSSE payloadType is "text\/plain"; only/,
      ],
      ['not-a-statement.json', JSON.stringify({ name: 'hello' }), /neither an in-toto Statement/],
      ['deep.json', `${'['.repeat(70)}${']'.repeat(70)}`, /deeper than 64/],
    ] as const) {
      writeFileSync(join(root, name), content);
      const result = await cli(['attest', 'intoto', join(root, name), ...trail], 2);
      assert.match(result.stderr, message);
    }
    assert.equal(await logSize(), before);
    // Through the API: a stored file that is no statement is 422 and appends no attestation; a
    // statement cannot be attached to an artifact that is not its subject.
    const junk = Buffer.from('{"hello":"world"}');
    const junkSha = createHash('sha256').update(junk).digest('hex');
    assert.ok(
      (
        await api(`/evidence/${junkSha}`, {
          method: 'PUT',
          body: junk,
          headers: { 'content-type': 'application/octet-stream' },
        })
      ).ok,
    );
    const afterUpload = await logSize();
    const refused = await api(`/flows/payments-api/trails/${SHA}/intoto`, {
      method: 'POST',
      body: JSON.stringify({ evidence: { sha256: junkSha, name: 'junk.json' } }),
    });
    assert.equal(refused.status, 422);
    assert.equal(((await refused.json()) as { code: string }).code, 'invalid_evidence');
    const bundleSha = createHash('sha256')
      .update(readFileSync(join(SHARED, 'intoto', 'slsa-provenance-v1-github-sigstore-bundle.json')))
      .digest('hex');
    const misbound = await api(`/flows/payments-api/trails/${SHA}/attestations`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'sneaky',
        type: 'intoto',
        artifact: { fingerprint },
        evidence: [{ sha256: bundleSha, name: 'bundle.json' }],
        data: { statement: 0, subject: bazel },
      }),
    });
    assert.equal(misbound.status, 400);
    assert.equal(await logSize(), afterUpload);
  } finally {
    await server.close();
  }
});

test('signatures: --key requires every statement signed by a key; what verified is judged again, offline too', async () => {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const env = { EVIDENT_HOST: host, EVIDENT_API_TOKEN: TOKEN, EVIDENT_STATE_DIR: join(root, 'state-signed') };
  const { cli, api, logSize } = clients(host, env);
  const server = await serve(port, 'server-signed');
  const sample = (name: string) => readFileSync(join(SHARED, 'intoto', name));
  const write = (name: string, content: string) => {
    writeFileSync(join(root, name), content);
    return join(root, name);
  };
  try {
    const trail = ['--flow', 'signed', '--trail', 'build-7'];
    await cli(['create', 'flow', 'signed'], 0);
    await cli(['begin', 'trail', 'build-7', '--flow', 'signed'], 0);
    const ed = opensslSigner('ed25519');
    const p256 = opensslSigner('p256');
    const rsa = opensslSigner('rsa');
    const stranger = opensslSigner('ed25519');
    const [edKey, p256Key, rsaKey] = [ed, p256, rsa].map((s) => parseVerificationKey(s.publicPem, 'k'));
    const keyFile = (name: string, pem: string) => write(name, pem);
    const keys = ['ed.pub', 'p256.pub', 'rsa.pub'].map((n, i) =>
      keyFile(n, [ed, p256, rsa][i]?.publicPem ?? ''),
    );
    const buildkit = sample('buildkit-slsa-provenance-v0.2-statement.json');
    const noVulns = sample('vulns-v0.2-statement-v1-no-vulns.json');
    // JSON Lines of three envelopes around real statements, each signed by another key type.
    const signedFile = write(
      'signed.intoto.jsonl',
      [signedEnvelope(buildkit, [ed]), signedEnvelope(noVulns, [p256]), signedEnvelope(buildkit, [rsa])]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const ok = await cli(['attest', 'intoto', signedFile, ...trail, ...keys.flatMap((k) => ['--key', k])], 0);
    const lines = ok.stdout.split('\n');
    assert.match(
      lines[1] ?? '',
      new RegExp(`^  signature: verified by key sha256:${edKey?.spkiSha256}, given at import$`),
    );
    assert.match(
      lines[3] ?? '',
      new RegExp(`^  signature: verified by key sha256:${p256Key?.spkiSha256}, given at import$`),
    );
    assert.match(
      lines[5] ?? '',
      new RegExp(`^  signature: verified by key sha256:${rsaKey?.spkiSha256}, given at import$`),
    );
    const view = async () =>
      (
        (await (await api('/flows/signed/trails/build-7')).json()) as {
          attestations: {
            type: string;
            compliant: boolean;
            reasons: string[];
            data: { signedBy?: { spkiSha256: string; pem: string } };
          }[];
        }
      ).attestations.filter((a) => a.type === 'intoto');
    const recorded = await view();
    assert.deepEqual(
      recorded.map((a) => [a.compliant, a.data.signedBy?.spkiSha256]),
      [
        [true, edKey?.spkiSha256],
        [true, p256Key?.spkiSha256],
        [true, rsaKey?.spkiSha256],
      ],
    );
    assert.equal(recorded[0]?.data.signedBy?.pem, edKey?.pem);

    // A wrong key: refused before anything is sent.
    const before = await logSize();
    const wrong = await cli(
      ['attest', 'intoto', signedFile, ...trail, '--key', keyFile('stranger.pub', stranger.publicPem)],
      2,
    );
    assert.match(
      wrong.stderr,
      /statement 0 of signed\.intoto\.jsonl: none of its 1 DSSE signature verifies under the key given \(sha256:/,
    );
    const privateKey = await cli(
      ['attest', 'intoto', signedFile, ...trail, '--key', keyFile('ed.key', ed.privatePem)],
      2,
    );
    assert.match(privateKey.stderr, /a private key; give the public key/);
    assert.equal(await logSize(), before);

    // Through the API: an envelope with no signatures, given keys, is 422 and records nothing.
    const unsigned = Buffer.from(JSON.stringify(signedEnvelope(buildkit, [])));
    const unsignedSha = createHash('sha256').update(unsigned).digest('hex');
    const put = await api(`/evidence/${unsignedSha}`, {
      method: 'PUT',
      body: unsigned,
      headers: { 'content-type': 'application/octet-stream' },
    });
    assert.ok(put.ok);
    const afterUpload = await logSize();
    const post = (body: unknown) =>
      api('/flows/signed/trails/build-7/intoto', { method: 'POST', body: JSON.stringify(body) });
    const evidence = { sha256: unsignedSha, name: 'unsigned.json' };
    const refused = await post({ evidence, keys: [ed.publicPem] });
    assert.equal(refused.status, 422);
    const problem = (await refused.json()) as { code: string; detail?: string; message?: string };
    assert.equal(problem.code, 'invalid_evidence');
    assert.match(
      JSON.stringify(problem),
      /statement 0 of unsigned\.json: the envelope is unsigned \(no DSSE signatures\)/,
    );
    const badPem = await post({
      evidence,
      keys: ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'],
    });
    assert.equal(badPem.status, 400);
    assert.match(JSON.stringify(await badPem.json()), /keys\[0\]: not a readable public key/);
    assert.equal(
      (await post({ evidence, keys: Array.from({ length: 11 }, () => ed.publicPem) })).status,
      400,
    );
    assert.equal(await logSize(), afterUpload);
    // Without keys the same envelope is recorded, its (absent) signature reported as not verified.
    const unverified = (await (await post({ evidence })).json()) as {
      attestations: { signatures: { verified: boolean; note: string } }[];
    };
    const [first] = unverified.attestations;
    assert.deepEqual(
      [first?.signatures.verified, first?.signatures.note],
      [false, 'unsigned (the envelope has no signatures)'],
    );

    // A forged claim: an intoto attestation whose data.signedBy names a key that did not sign it.
    const signedSha = createHash('sha256').update(readFileSync(signedFile)).digest('hex');
    const forged = await api('/flows/signed/trails/build-7/attestations', {
      method: 'POST',
      body: JSON.stringify({
        name: 'forged',
        type: 'intoto',
        artifact: { fingerprint: 'd1fc0de9c6a33e502c488221644de1736c53d8ddb59b0e41b4946fb26af50e69' },
        evidence: [{ sha256: signedSha, name: 'signed.intoto.jsonl' }],
        data: {
          statement: 0,
          subject: 'd1fc0de9c6a33e502c488221644de1736c53d8ddb59b0e41b4946fb26af50e69',
          signedBy: { spkiSha256: p256Key?.spkiSha256, pem: p256Key?.pem },
        },
      }),
    });
    assert.equal(forged.status, 201);
    const forgedView = (await view()).at(-1);
    assert.equal(forgedView?.compliant, false);
    assert.match(
      forgedView.reasons.join(' '),
      /No DSSE signature of the statement verifies under the recorded key sha256:/,
    );

    // The real bundle with one payload byte changed, no keys: recorded, NOT compliant, and why.
    const bundle = JSON.parse(sample('slsa-provenance-v1-github-sigstore-bundle.json').toString()) as {
      dsseEnvelope: { payload: string };
    };
    const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64')
      .toString()
      .replace('"predicateType"', ' "predicateType"');
    bundle.dsseEnvelope.payload = Buffer.from(payload).toString('base64');
    const altered = await cli(
      ['attest', 'intoto', write('altered-bundle.json', JSON.stringify(bundle)), ...trail],
      0,
    );
    assert.match(
      altered.stdout,
      /NOT compliant: The DSSE signature of the Sigstore bundle does not verify under the bundle's own certificate/,
    );
    assert.match(
      altered.stdout,
      /\n {2}signature: NOT verified under the Sigstore bundle's own certificate\n$/,
    );
    // Reasons are joined without doubled punctuation.
    assert.match(altered.stdout, /\(key sha256:[0-9a-f]{64}\); Sigstore bundle tlogEntries\[0\]: /);
    assert.doesNotMatch(altered.stdout, /\.;/);

    // The real bundle without its Rekor inclusion proof: recorded, NOT compliant, and the line says why.
    const unlogged = JSON.parse(sample('slsa-provenance-v1-github-sigstore-bundle.json').toString()) as {
      verificationMaterial: { tlogEntries: unknown[] };
    };
    unlogged.verificationMaterial.tlogEntries = [];
    const noProof = await cli(
      ['attest', 'intoto', write('unlogged-bundle.json', JSON.stringify(unlogged)), ...trail],
      0,
    );
    assert.match(
      noProof.stdout,
      /: NOT compliant: The Sigstore bundle carries no Rekor inclusion proof \(no tlogEntries\): nothing shows the signature was logged\n {2}signature: verified by the Sigstore bundle's own key/,
    );

    // The trail's audit package verifies offline: every verdict, signatures included, re-derived.
    const vkey = (await (await fetch(`${host}/api/v1/log/key`)).text()).trim().split('\n').at(-1) ?? '';
    const pkg = join(root, 'signed.tar.gz');
    await cli(['export', 'audit-package', ...trail, '-o', pkg], 0);
    await server.close();
    const offline = await runCli(['verify', 'package', pkg, '--vkey', vkey, '--output', 'json'], {
      EVIDENT_HOST: 'http://127.0.0.1:9',
      EVIDENT_API_TOKEN: '',
    });
    assert.equal(offline.code, 0, offline.stdout + offline.stderr);
  } finally {
    await server.close();
  }
});

test('a template requiring a signing key (signedBy): an unsigned or wrong-key import under the name makes the trail NOT compliant; --name may not supersede', async () => {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const env = {
    EVIDENT_HOST: host,
    EVIDENT_API_TOKEN: TOKEN,
    EVIDENT_STATE_DIR: join(root, 'state-required'),
  };
  const { cli, api, logSize } = clients(host, env);
  const server = await serve(port, 'server-required');
  const write = (name: string, content: string) => {
    writeFileSync(join(root, name), content);
    return join(root, name);
  };
  try {
    const signer = opensslSigner('p256');
    const stranger = opensslSigner('ed25519');
    const key = parseVerificationKey(signer.publicPem, 'k');
    const strangerKey = parseVerificationKey(stranger.publicPem, 's');
    const template = write(
      'required.yml',
      `version: 1\ntrail:\n  artifacts:\n    - name: image\n      attestations:\n        - { name: slsa-provenance, type: intoto, params: { signedBy: [${key.spkiSha256}] } }\n`,
    );
    const trail = ['--flow', 'required', '--trail', 'build-1'];
    await cli(['create', 'flow', 'required', '--template', template], 0);
    await cli(['begin', 'trail', 'build-1', '--flow', 'required'], 0);
    const buildkit = 'd1fc0de9c6a33e502c488221644de1736c53d8ddb59b0e41b4946fb26af50e69';
    await cli(['attest', 'artifact', '--fingerprint', buildkit, '--name', 'image', ...trail], 0);
    const statement = readFileSync(join(SHARED, 'intoto', 'buildkit-slsa-provenance-v0.2-statement.json'));
    const envelope = (name: string, signers: ReturnType<typeof opensslSigner>[]) =>
      write(name, JSON.stringify(signedEnvelope(statement, signers)));
    const signedFile = envelope('by-k.json', [signer]);
    const keyFile = write('k.pub', signer.publicPem);
    const judged = async () => {
      const view = (await (await api('/flows/required/trails/build-1')).json()) as {
        trail: { compliant: boolean; reasons: string[] };
        attestations: { type: string; compliant: boolean; reasons: string[] }[];
      };
      return { trail: view.trail, latest: view.attestations.filter((a) => a.type === 'intoto').at(-1) };
    };
    const required = `The template requires a signature by key sha256:${key.spkiSha256}`;

    // Signed by K, verified under K at import: compliant, and so is the trail.
    const ok = await cli(['attest', 'intoto', signedFile, ...trail, '--key', keyFile], 0);
    assert.match(ok.stdout, /: compliant\n {2}signature: verified by key sha256:/);
    assert.equal((await judged()).trail.compliant, true, (await judged()).trail.reasons.join('; '));

    // The same statement unsigned, no --key, under the same name: it replaces the verified one, and
    // the template's key requirement makes it and the trail NOT compliant.
    const unsigned = await cli(['attest', 'intoto', envelope('unsigned.json', []), ...trail], 0);
    assert.match(
      unsigned.stdout,
      new RegExp(
        `: NOT compliant: ${required}; the statement is unsigned\\n {2}signature: unsigned \\(the envelope has no signatures\\)\\n$`,
      ),
    );
    let now = await judged();
    assert.equal(now.latest?.compliant, false);
    assert.equal(now.trail.compliant, false);
    assert.match(now.trail.reasons.join(' '), /slsa-provenance/);

    // K again, then an envelope signed (and verified at import) by another key: NOT compliant.
    await cli(['attest', 'intoto', signedFile, ...trail, '--key', keyFile], 0);
    assert.equal((await judged()).trail.compliant, true);
    await cli(
      [
        'attest',
        'intoto',
        envelope('by-stranger.json', [stranger]),
        ...trail,
        '--key',
        write('s.pub', stranger.publicPem),
      ],
      0,
    );
    now = await judged();
    assert.deepEqual(now.latest?.reasons, [
      `${required}; it was verified only by key sha256:${strangerKey.spkiSha256}, which the template does not list.`,
    ]);
    assert.equal(now.trail.compliant, false);
    // Signed by K but imported without --key: nothing verified it, so still NOT compliant.
    await cli(['attest', 'intoto', signedFile, ...trail], 0);
    now = await judged();
    assert.deepEqual(now.latest?.reasons, [
      `${required}; no signature of it was verified (no key was given at import).`,
    ]);
    assert.equal(now.trail.compliant, false);

    // --name over a file whose statements would make two attestations of one target: refused before
    // anything is sent (exit 2), and by the server (400); statements about other targets may share it.
    const twice = write(
      'twice.intoto.jsonl',
      [signedEnvelope(statement, [signer]), signedEnvelope(statement, [])]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const before = await logSize();
    const refused = await cli(['attest', 'intoto', twice, ...trail, '--name', 'provenance'], 2);
    assert.match(
      refused.stderr,
      new RegExp(
        `name "provenance" would be given to 2 attestations of artifact ${buildkit} \\(statements 0, 1 of twice\\.intoto\\.jsonl\\), and only the latest of a name counts`,
      ),
    );
    assert.equal(await logSize(), before);
    const bytes = readFileSync(twice);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    assert.ok(
      (
        await fetch(`${host}/api/v1/orgs/default/evidence/${sha256}`, {
          method: 'PUT',
          body: bytes,
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' },
        })
      ).ok,
    );
    const afterUpload = await logSize();
    const post = await api('/flows/required/trails/build-1/intoto', {
      method: 'POST',
      body: JSON.stringify({ evidence: { sha256, name: 'twice.intoto.jsonl' }, name: 'provenance' }),
    });
    assert.equal(post.status, 400);
    assert.equal(((await post.json()) as { code: string }).code, 'bad_request');
    assert.equal(await logSize(), afterUpload);
    const noVulns = readFileSync(join(SHARED, 'intoto', 'vulns-v0.2-statement-v1-no-vulns.json'), 'utf8');
    const line = (text: string) => JSON.stringify(JSON.parse(text));
    const apart = write('apart.intoto.jsonl', `${line(statement.toString())}\n${line(noVulns)}\n`);
    const named = await cli(['attest', 'intoto', apart, ...trail, '--name', 'scanned'], 0);
    assert.deepEqual(
      named.stdout
        .split('\n')
        .filter((l) => l.startsWith('intoto attestation'))
        .map((l) => l.split(' ')[2]),
      ['scanned', 'scanned'],
    );
  } finally {
    await server.close();
  }
});
