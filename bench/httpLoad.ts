import http from 'node:http';

export interface LoadSpec {
  readonly url: string;
  readonly method: 'GET' | 'PUT' | 'POST';
  /** Path and body of client c's n-th request (distinct flows, so every write appends). */
  readonly request: (client: number, n: number) => { path: string; body?: string };
  readonly headers: http.OutgoingHttpHeaders;
  readonly clients: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

export interface LoadResult {
  readonly completed: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly seconds: number;
  readonly latenciesMs: number[];
}

/**
 * Closed-loop load: `clients` keep-alive connections, each sending its next request as soon as the
 * previous answer arrived (like 64 CI jobs each waiting for its receipt). Requests that start in the
 * warm-up are not counted; a request counts if it starts and finishes inside the measured window.
 * node:http with one socket per client keeps the load generator cheap, since it shares the CPUs.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.clients });
  const target = new URL(spec.url);
  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const end = measureFrom + spec.measureMs;
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const client = async (c: number) => {
    for (let n = 0; performance.now() < end; n++) {
      const { path, body } = spec.request(c, n);
      const sent = performance.now();
      const outcome = await send(agent, target, spec.method, path, spec.headers, body);
      const done = performance.now();
      if (sent < measureFrom || done > end) continue;
      if (outcome === undefined) latenciesMs.push(done - sent);
      else {
        errors += 1;
        firstError ??= outcome;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.clients }, (_, c) => client(c)));
  agent.destroy();
  return { completed: latenciesMs.length, errors, firstError, seconds: spec.measureMs / 1000, latenciesMs };
}

/** One request; undefined on a 2xx answer, otherwise what went wrong. */
function send(
  agent: http.Agent,
  target: URL,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders,
  body: string | undefined,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? undefined : `HTTP ${status}: ${text.slice(0, 200)}`);
        });
      },
    );
    request.on('error', (error) => resolve(error.message));
    request.end(body);
  });
}
