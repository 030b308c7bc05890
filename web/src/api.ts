// The browser's client of the HTTP API (DESIGN §5). The session lives in an HttpOnly cookie that
// scripts cannot read; unsafe requests carry the session's CSRF value in a header, which another
// site cannot learn (src/server/routes/sessionRoutes.ts).

export type Role = 'admin' | 'writer' | 'reporter' | 'approver' | 'reader' | 'auditor';

export interface Session {
  readonly org: string;
  readonly role: Role;
  readonly actor: { readonly kind: 'user' | 'service_account' | 'system'; readonly name?: string };
  readonly csrf: string;
  readonly expiresAt: string | null;
  readonly insecureTransport?: boolean;
}

/** A refusal of the API: its RFC 9457 problem, or a network failure as status 0. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

let csrf = '';

/** Remembers the CSRF value of the session the server just confirmed. */
export function useSessionToken(session: Session | null): void {
  csrf = session?.csrf ?? '';
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf !== '') headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text === '' ? undefined : safeJson(text);
  if (!response.ok) {
    const problem = (json ?? {}) as { detail?: string; title?: string; code?: string };
    throw new ApiError(
      response.status,
      problem.detail ?? problem.title ?? `${response.status} ${response.statusText}`,
      problem.code,
    );
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string): Promise<T> => request<T>('GET', path),
  post: <T>(path: string, body: unknown): Promise<T> => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body),
  delete: (path: string): Promise<void> => request<undefined>('DELETE', path),
};

/** `/api/v1/orgs/<org>/<rest>`, every part URL-encoded. */
export function orgPath(org: string, ...parts: readonly string[]): string {
  return ['/api/v1/orgs', org, ...parts].map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/');
}

/** `?a=1&b=2` of the defined values, or ''. */
export function query(params: Record<string, string | number | undefined>): string {
  const defined = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined);
  return defined.length === 0
    ? ''
    : `?${new URLSearchParams(defined.map(([k, v]) => [k, String(v)])).toString()}`;
}
