// Test plumbing for the AWS reporters: a real HTTP server on 127.0.0.1 that answers like an AWS
// service, the SDK pointed at it by `endpoint` with static fake credentials taken from the
// environment (the SDK's default chain), and a check that every request was really SigV4-signed with
// them. Only the tests import this.
import assert from 'node:assert/strict';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach } from 'node:test';
import { inspect } from 'node:util';
import { isEvidentError, type ErrorCode, type EvidentError } from '../../../core/errors.ts';

// The example key pair of the AWS docs ("Understanding and getting your AWS credentials").
export const FAKE_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const FAKE_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const FAKE_REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';

/**
 * Credentials and Region through the environment, where the SDK's default chain reads them first;
 * the shared config files and the instance metadata service are pointed away so nothing on this
 * machine is read.
 */
export function useFakeAwsEnvironment(
  accessKeyId = FAKE_ACCESS_KEY_ID,
  secret = FAKE_SECRET_ACCESS_KEY,
): void {
  process.env.AWS_ACCESS_KEY_ID = accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = secret;
  process.env.AWS_REGION = FAKE_REGION;
  process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

export interface SeenRequest {
  readonly method: string;
  /** The request target as sent, still percent-encoded. */
  readonly rawUrl: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface Answer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface FakeAws {
  /** `http://127.0.0.1:PORT`, for the client's `endpoint`. */
  readonly endpoint: string;
  /** Every request, in order of arrival. */
  readonly requests: SeenRequest[];
  /** What `answer` threw. */
  readonly failures: unknown[];
  close(): Promise<void>;
}

/**
 * Starts a server on a free loopback port that answers each request with `answer`. An `answer` that
 * throws (a failed assertion about the request) is answered 500 and kept in `failures`.
 */
export async function startFakeAws(answer: (request: SeenRequest) => Answer): Promise<FakeAws> {
  const requests: SeenRequest[] = [];
  const failures: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawUrl = req.url ?? '/';
      const seen = {
        method: req.method ?? 'GET',
        rawUrl,
        url: new URL(rawUrl, 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(seen);
      let reply: Answer;
      try {
        reply = answer(seen);
      } catch (error) {
        failures.push(error);
        reply = { status: 500, body: String(error) };
      }
      const body = reply.body ?? '';
      res.writeHead(reply.status ?? 200, {
        'content-length': String(Buffer.byteLength(body)),
        ...reply.headers,
      });
      res.end(seen.method === 'HEAD' ? undefined : body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failures,
    close: async () => {
      server.closeAllConnections();
      await once(server.close(), 'close');
    },
  };
}

/**
 * A fake for every test of the calling file (node:test hooks), with the fake credentials in the
 * environment: started before the first test, closed after the last, its request log cleared before
 * each test, and each test failing if the fake rejected one of its requests.
 */
export function fakeAwsForTests(answer: (request: SeenRequest) => Answer): FakeAws {
  useFakeAwsEnvironment();
  let fake: FakeAws | undefined;
  const started = () => {
    assert.ok(fake, 'the fake is started by the before hook');
    return fake;
  };
  before(async () => {
    fake = await startFakeAws(answer);
  });
  after(() => fake?.close());
  beforeEach(() => {
    started().requests.length = 0;
  });
  afterEach(() => {
    assert.deepEqual(started().failures.splice(0), [], 'the fake accepted every request');
  });
  return {
    get endpoint() {
      return started().endpoint;
    },
    get requests() {
      return started().requests;
    },
    get failures() {
      return started().failures;
    },
    close: () => started().close(),
  };
}

/** A loopback port that was free a moment ago: the system gave it to a server that is closed again. */
export async function freeLoopbackPort(): Promise<number> {
  const fake = await startFakeAws(() => ({}));
  await fake.close();
  return Number(new URL(fake.endpoint).port);
}

/**
 * Asserts that a reporter pointed at an endpoint where nothing listens fails 'unavailable', naming
 * the endpoint and the socket error.
 */
export async function assertUnreachable(report: (endpoint: string) => Promise<unknown>): Promise<void> {
  const endpoint = `http://127.0.0.1:${await freeLoopbackPort()}`;
  await assertFailsWith(report(endpoint), 'unavailable', [endpoint, 'ECONNREFUSED']);
}

function jsonAnswer(
  body: unknown,
  status: number,
  contentType: string,
  headers: Record<string, string> = {},
): Answer {
  return {
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), ...headers },
    body: JSON.stringify(body),
  };
}

/** An answer of the AWS JSON 1.1 protocol (ECS), with the request id header every answer has. */
export function awsJsonAnswer(body: unknown): Answer {
  return jsonAnswer(body, 200, 'application/x-amz-json-1.1');
}

/** An AWS JSON 1.1 error: HTTP 400 and `{"__type": …, "message": …}` (ECS API Reference, "Common errors"). */
export function awsJsonError(type: string, message: string): Answer {
  return jsonAnswer({ __type: type, message }, 400, 'application/x-amz-json-1.1');
}

/** An answer of the REST-JSON protocol (Lambda). */
export function restJsonAnswer(body: unknown): Answer {
  return jsonAnswer(body, 200, 'application/json');
}

/** A REST-JSON error: its type in `x-amzn-ErrorType`, `{"Type": …, "Message": …}` in the body (Lambda API Reference). */
export function restJsonError(status: number, type: string, message: string): Answer {
  return jsonAnswer({ Type: 'User', Message: message }, status, 'application/json', {
    'x-amzn-errortype': type,
  });
}

/** An XML answer as S3 sends it (S3 API Reference, "Common Response Headers"). */
export function s3Answer(body: string, status = 200, headers: Record<string, string> = {}): Answer {
  return {
    status,
    headers: {
      'content-type': 'application/xml',
      'x-amz-request-id': randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase(),
      'x-amz-id-2': createHash('sha256').update(randomUUID()).digest('base64'),
      server: 'AmazonS3',
      ...headers,
    },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

/** An S3 error document (S3 API Reference, "Error responses": Code, Message, RequestId, HostId). */
export function s3Error(status: number, code: string, message: string, extra = ''): Answer {
  return s3Answer(
    `<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>4442587FB7D0A2F9</RequestId>` +
      `<HostId>${createHash('sha256').update(code).digest('base64')}</HostId></Error>`,
    status,
  );
}

/** Text for XML element content. */
export function xmlText(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** SHA-256 of bytes, hex (what `sha256sum` prints) and base64 (how AWS writes it). */
export function sha256Of(bytes: Buffer | string): { hex: string; base64: string } {
  const digest = createHash('sha256').update(bytes).digest();
  return { hex: digest.toString('hex'), base64: digest.toString('base64') };
}

// RFC 3986 unreserved characters stay, everything else is %XX (SigV4 "Create a canonical request").
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Recomputes each request's Signature Version 4 signature with the fake secret key and asserts it
 * equals the one sent (AWS IAM User Guide, "Create a signed AWS API request"): canonical request →
 * string to sign → HMAC chain of date, Region, service, "aws4_request". S3 signs the path as sent and
 * the x-amz-content-sha256 header's payload hash; the other services encode each path segment once
 * more and hash the body.
 */
export function assertSigV4Signed(requests: readonly SeenRequest[], service: string): void {
  assert.ok(requests.length > 0, 'requests were made');
  for (const request of requests) {
    const authorization = String(request.headers.authorization);
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    assert.ok(match, `${request.method} ${request.rawUrl} is SigV4-signed: ${authorization}`);
    const [, keyId, date, region, signedService, signedHeaders, signature] = match;
    assert.deepEqual([keyId, region, signedService], [FAKE_ACCESS_KEY_ID, FAKE_REGION, service]);
    const amzDate = String(request.headers['x-amz-date']);
    assert.equal(amzDate.slice(0, 8), date);

    const [path = '/', query = ''] = request.rawUrl.split('?', 2);
    const canonicalPath = service === 's3' ? path : path.split('/').map(uriEncode).join('/');
    const canonicalQuery = query
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => {
        const at = pair.includes('=') ? pair.indexOf('=') : pair.length;
        const [name, value] = [pair.slice(0, at), pair.slice(at + 1)].map((p) =>
          uriEncode(decodeURIComponent(p)),
        );
        return [name ?? '', value ?? ''] as const;
      })
      .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
      .map(([name, value]) => `${name}=${value}`)
      .join('&');
    const names = (signedHeaders ?? '').split(';');
    assert.ok(names.includes('host') && names.includes('x-amz-date'), `host and x-amz-date are signed`);
    const canonicalHeaders = names
      .map((name) => `${name}:${String(request.headers[name]).trim().replace(/\s+/g, ' ')}\n`)
      .join('');
    const payloadHash = request.headers['x-amz-content-sha256'] ?? sha256Of(request.body).hex;
    const canonical = [
      request.method,
      canonicalPath,
      canonicalQuery,
      canonicalHeaders,
      signedHeaders,
      String(payloadHash),
    ].join('\n');
    const scope = `${date}/${region}/${signedService}/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Of(canonical).hex].join('\n');
    let key: Buffer = Buffer.from(`AWS4${FAKE_SECRET_ACCESS_KEY}`);
    for (const part of [date, region, signedService, 'aws4_request']) {
      key = createHmac('sha256', key)
        .update(part ?? '')
        .digest();
    }
    const expected = createHmac('sha256', key).update(toSign).digest('hex');
    assert.equal(signature, expected, `the signature of ${request.method} ${request.rawUrl} verifies`);
  }
}

/**
 * Asserts that `work` fails with an EvidentError of `code` whose message names each of `mentions`
 * (the IAM action, the endpoint, the bucket…) and says nothing of the credentials.
 */
export async function assertFailsWith(
  work: Promise<unknown>,
  code: ErrorCode,
  mentions: readonly string[],
): Promise<EvidentError> {
  const error = await work.then(
    () => assert.fail(`expected a '${code}' error`),
    (e: unknown) => e,
  );
  assert.ok(isEvidentError(error, code), `an EvidentError '${code}', got: ${inspect(error)}`);
  for (const mention of mentions)
    assert.ok(error.message.includes(mention), `"${error.message}" names ${mention}`);
  const shown = `${error.message} ${JSON.stringify(error.details)}`;
  assert.ok(!shown.includes(FAKE_SECRET_ACCESS_KEY), 'the secret key is not shown');
  assert.ok(!shown.includes(FAKE_ACCESS_KEY_ID), 'the access key id is not shown');
  return error;
}
