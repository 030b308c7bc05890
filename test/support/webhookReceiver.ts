import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';

/** How the receiver answers one request: with a status, or never. */
export type Answer = number | 'hang';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A real HTTP server on 127.0.0.1 standing in for a webhook receiver. */
export interface WebhookReceiver {
  /** Its URL, with `path`. */
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a receiver that answers requests with `answers` in order, then 200. A 'hang' answer keeps
 * the request open until the receiver closes (a receiver that never answers).
 */
export async function startWebhookReceiver(path: string, answers: Answer[] = []): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = answers.shift() ?? 200;
      if (answer !== 'hang') response.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Checks a request's `Evident-Signature` the way a receiver would, independently of Evident's code
 * (README "Webhooks"): HMAC-SHA256 of `t + "." + body` under the secret, compared in constant time,
 * and a timestamp within `toleranceSeconds` of `nowSeconds`. Answers the signed time.
 */
export function verifySignature(
  request: ReceivedRequest,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): number {
  const header = request.headers['evident-signature'];
  if (typeof header !== 'string') throw new Error('no Evident-Signature header');
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at), part.slice(at + 1)] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest();
  const given = Buffer.from(v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new Error('signature does not match');
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds)
    throw new Error(`signed at ${t}, now is ${nowSeconds}`);
  return t;
}
