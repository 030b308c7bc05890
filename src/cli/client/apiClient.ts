import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { EvidentError, type ErrorCode } from '../../core/errors.ts';
import { progressBar, type Progress } from '../progress.ts';

export interface ApiClientOptions {
  /** Base URL of the server, e.g. https://evident.example.com */
  readonly host: string;
  readonly token: string | undefined;
  /** Attempts after the first on network errors, 408, 429 and 5xx (DESIGN §5 "never lose a record"). */
  readonly retries?: number;
  /** Injected for tests: the clock's sleep and the jitter source. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

/** What is worth retrying: the server may succeed later (RFC 9110 §15.5.9, §15.6; RFC 6585 §4). */
function retriable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The CLI's HTTP client. Writes carry an Idempotency-Key, so a retry of a request whose answer was
 * lost appends nothing twice. Retries back off exponentially with jitter (0.5 s, 1 s, 2 s, 4 s …),
 * honouring Retry-After; after the last one the error is `unavailable` (exit 4), so the caller can
 * spool the record.
 */
export class ApiClient {
  private readonly retries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.retries = options.retries ?? 4;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.fetch = options.fetch ?? fetch;
  }

  async request(
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    options: {
      body?: unknown;
      /** A file's bytes instead of JSON (evidence uploads), streamed from disk on every attempt. */
      raw?: { file: string; contentType: string };
      idempotencyKey?: string;
      accept?: string;
    } = {},
  ): Promise<ApiResponse> {
    const url = new URL(path, this.options.host);
    let lastProblem = '';
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      try {
        response = await this.fetch(url, {
          method,
          headers: {
            ...(this.options.token !== undefined && { authorization: `Bearer ${this.options.token}` }),
            ...(options.body !== undefined && { 'content-type': 'application/json' }),
            ...(options.raw !== undefined && {
              'content-type': options.raw.contentType,
              'content-length': String(statSync(options.raw.file).size),
            }),
            ...(options.idempotencyKey !== undefined && { 'idempotency-key': options.idempotencyKey }),
            accept: options.accept ?? 'application/json',
          },
          ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
          ...(options.raw !== undefined && { body: fileBody(options.raw.file), duplex: 'half' }),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        lastProblem = `cannot reach ${url.origin}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
      }
      if (response !== undefined) {
        const text = await response.text();
        if (response.ok) return { status: response.status, body: parseJson(text), text };
        if (!retriable(response.status)) throw problemError(response.status, text);
        lastProblem = `${url.origin} answered ${response.status}: ${problemDetail(text)}`;
      }
      if (attempt >= this.retries) break;
      await this.sleep(this.delay(attempt, response?.headers.get('retry-after') ?? null));
    }
    throw new EvidentError('unavailable', `${lastProblem} (after ${this.retries + 1} attempts)`);
  }

  private delay(attempt: number, retryAfter: string | null): number {
    const asked = retryAfter === null ? Number.NaN : Number(retryAfter) * 1000;
    if (Number.isFinite(asked) && asked >= 0) return Math.min(asked, 60_000);
    const base = 500 * 2 ** attempt;
    return base / 2 + this.random() * (base / 2);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A string member of a JSON object, if the text is one. */
function member(text: string, key: string): string | undefined {
  const body = parseJson(text);
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

function problemDetail(text: string): string {
  return member(text, 'detail') ?? text.slice(0, 200);
}

const KNOWN: readonly ErrorCode[] = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'idempotency_conflict',
  'entry_too_large',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_evidence',
  'rate_limited',
];

/** A 4xx problem (RFC 9457) as the EvidentError the server named. */
function problemError(status: number, text: string): EvidentError {
  const named = member(text, 'code');
  const code = KNOWN.find((c) => c === named) ?? 'bad_request';
  // The server's own sentence says what is wrong; the status is for whoever reads a log.
  return new EvidentError(code, `${problemDetail(text)} (HTTP ${status})`);
}

/**
 * A file as a request body read in 1 MiB pieces as the connection takes them (so a 100 MiB evidence
 * file is never held in memory whole), with a progress bar on a terminal for large files. The file
 * is opened on the first read: a request that fails before sending leaves nothing open.
 */
function fileBody(file: string): ReadableStream<Uint8Array> {
  let opened: { handle: number; size: number; bar: Progress } | undefined;
  let sent = 0;
  const close = () => {
    if (opened === undefined) return;
    opened.bar.finish();
    closeSync(opened.handle);
    opened = undefined;
  };
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (opened === undefined) {
        const handle = openSync(file, 'r');
        const size = fstatSync(handle).size;
        opened = { handle, size, bar: progressBar(`uploading ${basename(file)}`, size) };
      }
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      const read = sent < opened.size ? readSync(opened.handle, chunk, 0, chunk.length, sent) : 0;
      if (read === 0) {
        close();
        controller.close();
        return;
      }
      sent += read;
      opened.bar.update(sent);
      controller.enqueue(chunk.subarray(0, read));
    },
    cancel: close,
  });
}
