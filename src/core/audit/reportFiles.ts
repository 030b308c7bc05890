import { canonicalize } from '../ledger/canonicalJson.ts';
import type { CommittedEvent } from '../model/ledgerEvent.ts';
import { auditReport, type AuditReport, type AuditReportInput } from './auditReport.ts';
import { renderAuditReport } from './renderAuditReport.ts';

/** What both the builder and the verifier know of a package when they compute its report. */
export interface PackageContents {
  readonly org: string;
  readonly origin: string;
  readonly subject: AuditReportInput['subject'];
  readonly checkpoint: { readonly size: number; readonly rootHash: string };
  /** The packaged entries, decoded. */
  readonly entries: readonly CommittedEvent[];
  /** The evidence files in the package (`evidence/<sha256>`), with their sizes. */
  readonly evidence: readonly { readonly sha256: string; readonly size: number }[];
}

/**
 * `report.json` (RFC 8785 canonical JSON) and `report.html` of a package, computed from its entries
 * alone: the builder writes them, the verifier recomputes them and requires the same bytes.
 */
export function reportFiles(contents: PackageContents): { report: AuditReport; json: string; html: string } {
  const report = auditReport({
    org: contents.org,
    origin: contents.origin,
    subject: contents.subject,
    checkpoint: contents.checkpoint,
    entries: contents.entries.map(({ index, type, at, actor, data }) => ({
      index,
      event: { type, at, actor, data },
    })),
    evidence: contents.evidence,
  });
  return { report, json: canonicalize(report), html: renderAuditReport(report) };
}
