import { useState } from 'preact/hooks';
import { orgPath, query } from '../api.ts';
import { formatLocal } from './Time.tsx';

/** What an audit package is about (issue #8): the query of `GET …/audit-package`. */
export type AuditPackageSubject =
  | { readonly artifact: string }
  | { readonly flow: string; readonly trail: string }
  | { readonly environment: string; readonly from: string; readonly until: string };

/** `/api/v1/orgs/<org>/audit-package?…` for a subject. */
export function auditPackageUrl(org: string, subject: AuditPackageSubject): string {
  return orgPath(org, 'audit-package') + query({ ...subject });
}

const HINT =
  'A .tar.gz of the ledger entries with their proofs against a signed checkpoint, the evidence files ' +
  'and a report (report.html). Check it offline, without this server: evident verify package FILE --vkey KEY';

/**
 * "Download audit package": a plain link, as for evidence files — the session cookie authenticates
 * it, and the server names the file (`evident-audit-….tar.gz`, Content-Disposition).
 */
export function AuditPackageLink({
  org,
  subject,
  range,
}: {
  org: string;
  subject: AuditPackageSubject;
  /** Words for the time range of an environment's package, e.g. "last 7 days". */
  range?: string;
}) {
  return (
    <a class="button audit-package-link" href={auditPackageUrl(org, subject)} download="" title={HINT}>
      <span aria-hidden="true">⤓</span> Download audit package
      {range !== undefined && <span class="muted"> · {range}</span>}
    </a>
  );
}

const DAY = 24 * 3600_000;
/** How far back an environment's package reaches from the moment shown. */
export const ENVIRONMENT_PACKAGE_DAYS = 7;

/** An instant as the API takes it: ISO 8601 UTC, without milliseconds. */
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The audit package of an environment over the 7 days up to the moment shown: now, or the instant
 * chosen with "as of" (`at`, a valid instant); the label says which.
 */
export function EnvironmentAuditPackageLink({
  org,
  environment,
  at,
}: {
  org: string;
  environment: string;
  at: string | undefined;
}) {
  // "Now" is taken once, when the page opens: the link does not change under the pointer.
  const [opened] = useState(() => Date.now());
  const chosen = at === undefined ? Number.NaN : Date.parse(at);
  const until = Number.isNaN(chosen) ? opened : chosen;
  const range = Number.isNaN(chosen)
    ? `last ${ENVIRONMENT_PACKAGE_DAYS} days`
    : `${ENVIRONMENT_PACKAGE_DAYS} days to ${formatLocal(iso(until))}`;
  return (
    <AuditPackageLink
      org={org}
      subject={{ environment, from: iso(until - ENVIRONMENT_PACKAGE_DAYS * DAY), until: iso(until) }}
      range={range}
    />
  );
}
