// registryDigest against a real registry that requires Docker token authentication: Debian's
// docker-registry (CNCF distribution 2.8) with `auth: token`, trusting a self-signed certificate made
// here with openssl, and a token service written here that signs JWTs with that certificate's key
// (distribution docs/spec/auth/token.md and jwt.md). skopeo pushes the image through the same dance.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isEvidentError, type ErrorCode } from '../core/errors.ts';
import { freePort } from '../../test/support/postgres.ts';
import {
  buildOciLayout,
  DOCKER_REGISTRY,
  pushLayout,
  skipUnlessInstalled,
  skopeo,
  SKOPEO,
  startRegistry,
  type OciLayout,
  type RunningRegistry,
} from '../../test/support/registry.ts';
import { ociImageDigest } from './ociDigest.ts';
import { registryDigest } from './registryDigest.ts';

const OPENSSL = '/usr/bin/openssl';
const skip = skipUnlessInstalled(
  [DOCKER_REGISTRY, SKOPEO, OPENSSL],
  'apt-get install docker-registry skopeo openssl',
);

const SERVICE = 'evident-test-registry';
const ISSUER = 'evident-test-token-issuer';
const REPOSITORY = 'evident/app';

/**
 * What each user of the token service may do on REPOSITORY, and how the service answers them: the
 * spec's `token` field, OAuth 2.0's `access_token` (RFC 6749 §5.1), or a broken answer.
 */
const USERS: Record<string, { password: string; actions: string[]; answer?: string }> = {
  alice: { password: 'alice-pa55:word', actions: ['pull', 'push'] },
  olivia: { password: 'olivia-pw', actions: ['pull'], answer: 'access_token' },
  // Authenticated, but granted nothing: "it must not be considered an error" (token spec), so she
  // gets a token with an empty `access` claim and the registry is the one to refuse it.
  bob: { password: 'bob-pw', actions: [] },
  html: { password: 'html-pw', actions: ['pull'], answer: 'html' },
  empty: { password: 'empty-pw', actions: ['pull'], answer: 'empty' },
  crash: { password: 'crash-pw', actions: ['pull'], answer: 'crash' },
};

interface TokenRequest {
  readonly user: string | undefined;
  /** The scheme of the Authorization header the client sent, if any. */
  readonly scheme: string | undefined;
  readonly service: string | null;
  readonly scopes: string[];
}

const dir = mkdtempSync(join(tmpdir(), 'evident-registry-token-'));
const tokenRequests: TokenRequest[] = [];
let tokenServer: Server | undefined;
let registry: RunningRegistry | undefined;
let deadRealmRegistry: RunningRegistry | undefined;
let layout: OciLayout | undefined;
let key = '';
let certDer = '';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT as distribution verifies it (registry/auth/token/token.go): the `x5c` header carries the
 * signing certificate, which must chain to `rootcertbundle` (here it is the root itself); `iss` and
 * `aud` must equal the configured issuer and service; exp/nbf are checked with 60 s of leeway.
 * ES256 signatures in JWS are r||s, 32 bytes each (RFC 7518 §3.4), not DER: `ieee-p1363`.
 */
function jwt(subject: string, access: { type: string; name: string; actions: string[] }[]): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url({ typ: 'JWT', alg: 'ES256', x5c: [certDer] });
  const claims = b64url({
    iss: ISSUER,
    sub: subject,
    aud: SERVICE,
    exp: now + 300,
    nbf: now,
    iat: now,
    jti: randomUUID(),
    access,
  });
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
  return `${header}.${claims}.${signature.toString('base64url')}`;
}

/** The token endpoint (token spec, "Requesting a Token"): Basic auth, then the granted scopes. */
function startTokenServer(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorization = req.headers.authorization ?? '';
    const [scheme, credentials] = authorization.split(' ');
    const decoded = Buffer.from(credentials ?? '', 'base64').toString();
    const colon = decoded.indexOf(':');
    const user = scheme === 'Basic' && colon > 0 ? decoded.slice(0, colon) : undefined;
    tokenRequests.push({
      user,
      scheme: scheme === '' ? undefined : scheme,
      service: url.searchParams.get('service'),
      scopes: url.searchParams.getAll('scope'),
    });
    const account = user === undefined ? undefined : USERS[user];
    if (url.pathname !== '/token' || account?.password !== decoded.slice(colon + 1)) {
      // Anonymous pulls are refused too: this service's policy is "private registry".
      res.writeHead(401, { 'www-authenticate': 'Basic realm="evident test token service"' }).end();
      return;
    }
    // Grant the intersection of what was asked and what the user may do, per `repository:NAME:ACTIONS`
    // scope (docs/spec/auth/scope.md; NAME may itself contain a colon, ACTIONS follow the last one).
    const access = url.searchParams.getAll('scope').map((scope) => {
      const type = scope.slice(0, scope.indexOf(':'));
      const name = scope.slice(scope.indexOf(':') + 1, scope.lastIndexOf(':'));
      const asked = scope.slice(scope.lastIndexOf(':') + 1).split(',');
      const actions = asked.filter(
        (a) => type === 'repository' && name === REPOSITORY && account.actions.includes(a),
      );
      return { type, name, actions };
    });
    const token = jwt(user ?? '', access);
    const issued = { expires_in: 300, issued_at: new Date().toISOString() };
    if (account.answer === 'crash') res.writeHead(500).end();
    else if (account.answer === 'html')
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Please sign in</html>');
    else if (account.answer === 'empty') res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    else
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify(
            account.answer === 'access_token'
              ? { access_token: token, token_type: 'Bearer', ...issued }
              : { token, ...issued },
          ),
        );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** distribution's `auth.token` section (docs/configuration.md, "token"). */
function tokenAuth(realmPort: number) {
  return {
    auth: {
      token: {
        realm: `http://127.0.0.1:${realmPort}/token`,
        service: SERVICE,
        issuer: ISSUER,
        rootcertbundle: join(dir, 'cert.pem'),
      },
    },
  };
}

/** A Docker config (`auths.<host>.auth` = base64 user:password) with `user`'s credentials, if any. */
function dockerConfig(host: string, user?: string, password?: string): string {
  const file = join(dir, `docker-config-${user ?? 'anonymous'}-${randomUUID()}.json`);
  const auths =
    user === undefined
      ? {}
      : {
          [host]: {
            auth: Buffer.from(`${user}:${password ?? USERS[user]?.password ?? ''}`).toString('base64'),
          },
        };
  writeFileSync(file, JSON.stringify({ auths }));
  return file;
}

before(async () => {
  if (skip !== false) return;
  // A P-256 key and a self-signed certificate for it: the registry's whole trust root.
  execFileSync(
    OPENSSL,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      `/CN=${ISSUER}`,
    ],
    { stdio: 'pipe' },
  );
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
  // x5c entries are base64 (not base64url) DER (RFC 7515 §4.1.6).
  certDer = new X509Certificate(readFileSync(join(dir, 'cert.pem'))).raw.toString('base64');
  const tokenPort = await freePort();
  tokenServer = await startTokenServer(tokenPort);
  registry = await startRegistry(join(dir, 'registry'), tokenAuth(tokenPort));
  layout = buildOciLayout(dir, 'v1');
  await pushLayout(layout, `${registry.host}/${REPOSITORY}:v1`, `alice:${USERS.alice?.password ?? ''}`);
});

after(() => {
  registry?.stop();
  deadRealmRegistry?.stop();
  tokenServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** registryDigest's error, asserting its code and that it leaks none of the secrets. */
async function failure(image: string, config: string, code: ErrorCode, secrets: string[] = []) {
  const error = await registryDigest(image, { dockerConfig: config }).then(
    () => assert.fail(`${image} should fail with ${code}`),
    (e: unknown) => e,
  );
  assert.ok(isEvidentError(error, code), `${code} expected, got ${String(error)}`);
  for (const secret of secrets)
    assert.ok(!error.message.includes(secret), `leaks a secret: ${error.message}`);
  return error;
}

test('the registry really requires a token: anonymous /v2/ gets a Bearer challenge', { skip }, async () => {
  assert.ok(registry);
  const response = await fetch(`http://${registry.host}/v2/`);
  assert.equal(response.status, 401);
  assert.match(
    response.headers.get('www-authenticate') ?? '',
    /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token"/,
  );
  assert.ok(
    tokenRequests.some((r) => r.user === 'alice' && r.scopes.includes(`repository:${REPOSITORY}:pull,push`)),
    'skopeo got its push token from our token service',
  );
});

test(
  'with credentials in the Docker config, the digest comes through a token and matches the layout',
  { skip },
  async () => {
    assert.ok(registry && layout);
    const image = `${registry.host}/${REPOSITORY}:v1`;
    tokenRequests.length = 0;
    const digest = await registryDigest(image, { dockerConfig: dockerConfig(registry.host, 'alice') });
    assert.equal(`sha256:${digest}`, layout.manifestDigest);
    assert.equal(
      (await ociImageDigest(layout.path)).sha256,
      digest,
      'the same digest from the layout on disk',
    );
    const inspected = await skopeo([
      'inspect',
      '--tls-verify=false',
      '--creds',
      `alice:${USERS.alice?.password ?? ''}`,
      '--format',
      '{{.Digest}}',
      `docker://${image}`,
    ]);
    assert.equal(inspected, layout.manifestDigest, 'and as skopeo sees it');
    // Our request came first: a pull-only scope for the repository, the registry's service name, Basic.
    assert.deepEqual(tokenRequests[0], {
      user: 'alice',
      scheme: 'Basic',
      service: SERVICE,
      scopes: [`repository:${REPOSITORY}:pull`],
    });
    tokenRequests.length = 0;
    assert.equal(
      await registryDigest(`${registry.host}/${REPOSITORY}@${layout.manifestDigest}`, {
        dockerConfig: dockerConfig(registry.host, 'alice'),
      }),
      digest,
      'by digest too',
    );
    assert.deepEqual(
      tokenRequests.map((r) => r.scopes),
      [[`repository:${REPOSITORY}:pull`]],
    );
    await failure(`${registry.host}/${REPOSITORY}:nope`, dockerConfig(registry.host, 'alice'), 'not_found');
  },
);

test(
  'an OAuth 2.0 style answer with only access_token is accepted (token spec, "Token Response Fields")',
  {
    skip,
  },
  async () => {
    assert.ok(registry && layout);
    const digest = await registryDigest(`${registry.host}/${REPOSITORY}:v1`, {
      dockerConfig: dockerConfig(registry.host, 'olivia'),
    });
    assert.equal(`sha256:${digest}`, layout.manifestDigest);
  },
);

test(
  'a wrong password is unauthorized, and the message names the registry but not the password',
  {
    skip,
  },
  async () => {
    assert.ok(registry);
    const password = 'not-alices-password';
    tokenRequests.length = 0;
    const error = await failure(
      `${registry.host}/${REPOSITORY}:v1`,
      dockerConfig(registry.host, 'alice', password),
      'unauthorized',
      [password, Buffer.from(`alice:${password}`).toString('base64'), USERS.alice?.password ?? ''],
    );
    assert.ok(error.message.includes(registry.host), error.message);
    assert.equal(tokenRequests[0]?.user, 'alice', 'the token service was asked, with Basic credentials');
  },
);

test('without credentials the token service refuses anonymous access: unauthorized', { skip }, async () => {
  assert.ok(registry);
  tokenRequests.length = 0;
  const error = await failure(
    `${registry.host}/${REPOSITORY}:v1`,
    dockerConfig(registry.host),
    'unauthorized',
  );
  assert.ok(error.message.includes(registry.host), error.message);
  assert.deepEqual(tokenRequests[0], {
    user: undefined,
    scheme: undefined,
    service: SERVICE,
    scopes: [`repository:${REPOSITORY}:pull`],
  });
});

test(
  'a token that grants no pull is refused by the registry itself: unauthorized, saying why',
  {
    skip,
  },
  async () => {
    assert.ok(registry);
    tokenRequests.length = 0;
    const error = await failure(
      `${registry.host}/${REPOSITORY}:v1`,
      dockerConfig(registry.host, 'bob'),
      'unauthorized',
      [USERS.bob?.password ?? ''],
    );
    assert.equal(tokenRequests.length, 1, 'bob got a token (with empty access) and used it');
    assert.ok(error.message.includes(registry.host), error.message);
    assert.match(error.message, /insufficient_scope/);
    assert.match(error.message, /pull access/);
  },
);

test('a broken token service is unavailable, not a crash or an auth failure', { skip }, async () => {
  assert.ok(registry);
  const image = `${registry.host}/${REPOSITORY}:v1`;
  // 500; 200 with HTML (a login page from a proxy); 200 with neither `token` nor `access_token`.
  for (const user of ['crash', 'html', 'empty']) {
    const error = await failure(image, dockerConfig(registry.host, user), 'unavailable', [
      USERS[user]?.password ?? '',
    ]);
    assert.ok(error.message.includes(registry.host), error.message);
  }
});

test('a token realm nobody listens on is unavailable, naming the registry', { skip }, async () => {
  assert.ok(registry);
  // Another registry process over the same storage, whose realm is a port with nothing on it.
  deadRealmRegistry = await startRegistry(
    join(dir, 'dead-realm'),
    tokenAuth(await freePort()),
    join(dir, 'registry', 'store'),
  );
  const error = await failure(
    `${deadRealmRegistry.host}/${REPOSITORY}:v1`,
    dockerConfig(deadRealmRegistry.host, 'alice'),
    'unavailable',
    [USERS.alice?.password ?? ''],
  );
  assert.ok(error.message.includes(deadRealmRegistry.host), error.message);
});
