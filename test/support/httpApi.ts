/** A refusal of the HTTP API: its status and RFC 9457 problem (DESIGN §5), quoted in the message. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly problem: { readonly code?: string; readonly detail?: string; readonly [key: string]: unknown },
    request: string,
  ) {
    super(`${request} answered ${status}: ${JSON.stringify(problem)}`);
  }
}

/** The credential of a call: a token, or a function that answers a valid one (a session renewed when it expired). */
export type Credential = string | (() => Promise<string>);

/** A client of the Evident HTTP API as a pipeline or script would use it: fetch with a Bearer token. */
export interface HttpApi {
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body: unknown): Promise<T>;
  put<T = unknown>(path: string, body: unknown): Promise<T>;
  delete<T = unknown>(path: string): Promise<T>;
  /** Sends raw bytes (an evidence file) with PUT. */
  putBytes<T = unknown>(path: string, bytes: Uint8Array, contentType: string): Promise<T>;
}

/**
 * A client of the server at `baseUrl` (no trailing slash) acting with `credential`; paths start with
 * `/api/v1/`. Answers the JSON body of a 2xx; anything else throws an {@link ApiRefusal}.
 */
export function httpApi(baseUrl: string, credential: Credential): HttpApi {
  const call = async <T>(
    method: string,
    path: string,
    body?: { json: unknown } | { bytes: Uint8Array; contentType: string },
  ): Promise<T> => {
    const token = typeof credential === 'string' ? credential : await credential();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    let payload: string | Uint8Array | undefined;
    if (body !== undefined && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body !== undefined) {
      headers['content-type'] = body.contentType;
      payload = body.bytes;
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(payload !== undefined && { body: payload }),
    });
    const text = await response.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok)
      throw new ApiRefusal(response.status, (json ?? {}) as ApiRefusal['problem'], `${method} ${path}`);
    return json as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, { json: body }),
    put: (path, body) => call('PUT', path, { json: body }),
    delete: (path) => call('DELETE', path),
    putBytes: (path, bytes, contentType) => call('PUT', path, { bytes, contentType }),
  };
}
