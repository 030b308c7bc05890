import { EvidentError } from '../errors.ts';
import { checkName } from '../model/names.ts';
import { normaliseSha256 } from '../model/trail.ts';

/**
 * What an audit package is about (issue #8): one artifact (by fingerprint), one trail of a flow, or
 * one environment over a closed time range [from, until] (ISO 8601 UTC instants, ms precision).
 */
export type AuditSubject =
  | { readonly kind: 'artifact'; readonly fingerprint: string }
  | { readonly kind: 'trail'; readonly flow: string; readonly trail: string }
  | {
      readonly kind: 'environment';
      readonly name: string;
      readonly from: string;
      readonly until: string;
    };

const bad = (message: string): never => {
  throw new EvidentError('bad_request', message);
};

/** An instant with `Z` or an offset (or a date: midnight UTC), as ISO 8601 UTC with milliseconds. */
function instant(text: string, what: string): string {
  const iso =
    /^\d{4}-\d{2}-\d{2}$/.test(text) ||
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const time = iso ? new Date(text).getTime() : Number.NaN;
  if (Number.isNaN(time))
    bad(`${what} "${text.slice(0, 60)}" is not an instant: write 2026-11-19T02:30:00Z (with Z or an offset)`);
  return new Date(time).toISOString();
}

/**
 * The subject named by exactly one of: `artifact`; `flow` and `trail`; `environment`, `from` and
 * `until` (the query of GET …/audit-package and the flags of `evident export audit-package`).
 * Throws `bad_request` saying what is missing or extra.
 */
export function parseAuditSubject(input: {
  readonly artifact?: string | undefined;
  readonly flow?: string | undefined;
  readonly trail?: string | undefined;
  readonly environment?: string | undefined;
  readonly from?: string | undefined;
  readonly until?: string | undefined;
}): AuditSubject {
  const given = (Object.keys(input) as (keyof typeof input)[]).filter((k) => input[k] !== undefined);
  const only = (...keys: string[]) =>
    given.length === keys.length && keys.every((k) => given.includes(k as never));
  const usage =
    'name the subject with artifact=<sha256>, or flow= and trail=, or environment= with from= and until=';
  if (input.artifact !== undefined) {
    if (!only('artifact')) bad(`an artifact package takes no other subject parameter; ${usage}`);
    const fingerprint = normaliseSha256(input.artifact);
    if (fingerprint === undefined) bad('artifact must be a SHA-256 (64 hex digits, "sha256:" allowed)');
    return { kind: 'artifact', fingerprint: fingerprint as string };
  }
  if (input.flow !== undefined || input.trail !== undefined) {
    if (!only('flow', 'trail')) bad(`a trail package needs flow and trail, and nothing else; ${usage}`);
    return {
      kind: 'trail',
      flow: checkName('flow', input.flow as string),
      trail: checkName('trail', input.trail as string),
    };
  }
  if (input.environment !== undefined) {
    if (!only('environment', 'from', 'until'))
      bad(`an environment package needs environment, from and until, and nothing else; ${usage}`);
    const from = instant(input.from as string, 'from');
    const until = instant(input.until as string, 'until');
    if (until < from) bad(`until (${until}) is before from (${from})`);
    return { kind: 'environment', name: checkName('environment', input.environment), from, until };
  }
  return bad(usage);
}

/** A file-name-safe label of the subject: `artifact-<12 hex>`, `trail-<flow>-<trail>`, `environment-<name>-<from>-<until>`. */
export function subjectLabel(subject: AuditSubject): string {
  const compact = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const label =
    subject.kind === 'artifact'
      ? `artifact-${subject.fingerprint.slice(0, 12)}`
      : subject.kind === 'trail'
        ? `trail-${subject.flow}-${subject.trail}`
        : `environment-${subject.name}-${compact(subject.from)}-${compact(subject.until)}`;
  return label.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Whether a parsed JSON value is a well-formed subject (for the verifier, which trusts no file). */
export function isAuditSubject(value: unknown): value is AuditSubject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join(',');
  const str = (k: string) => typeof v[k] === 'string';
  switch (v.kind) {
    case 'artifact':
      return keys === 'fingerprint,kind' && str('fingerprint');
    case 'trail':
      return keys === 'flow,kind,trail' && str('flow') && str('trail');
    case 'environment':
      return keys === 'from,kind,name,until' && str('name') && str('from') && str('until');
    default:
      return false;
  }
}
