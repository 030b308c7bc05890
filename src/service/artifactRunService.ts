import type { Kysely } from 'kysely';
import { artifactRuns, type ArtifactRun } from '../core/model/artifactRun.ts';
import { EvidentError } from '../core/errors.ts';
import { checkSha256 } from '../core/model/trail.ts';
import { fingerprintChanges } from '../storage/fingerprintChanges.ts';
import { fingerprintReports } from '../storage/fingerprintReports.ts';
import type { Database } from '../storage/schema.ts';

/** Change-log lines read for one artifact: a cron job started every few minutes stays bounded. */
export const MAX_RUN_LINES = 5000;

/** Where and when an artifact ran. */
export interface ArtifactRuns {
  readonly fingerprint: string;
  /** Whether a trail reported it; false for an artifact only ever seen running (no provenance). */
  readonly reported: boolean;
  /** Every period it ran in each environment, newest start first. */
  readonly runs: readonly ArtifactRun[];
  /** True when it changed more often than {@link MAX_RUN_LINES}: older periods are left out. */
  readonly truncated: boolean;
}

/** "Every environment and period it ran in" (DESIGN §1), from the change log (issue #7). */
export class ArtifactRunService {
  constructor(private readonly reader: Kysely<Database>) {}

  /** Answers for any fingerprint a trail reported or an environment ran; 404 for others. */
  async runs(org: string, fingerprint: string): Promise<ArtifactRuns> {
    const hex = checkSha256(fingerprint);
    const [lines, reports] = await Promise.all([
      fingerprintChanges(this.reader, org, hex, MAX_RUN_LINES + 1),
      fingerprintReports(this.reader, org, hex, 1),
    ]);
    if (lines.length === 0 && reports.length === 0)
      throw new EvidentError(
        'not_found',
        `artifact ${hex} not found: no trail reported it and no environment ran it`,
      );
    return {
      fingerprint: hex,
      reported: reports.length > 0,
      runs: artifactRuns(lines.slice(0, MAX_RUN_LINES).reverse()),
      truncated: lines.length > MAX_RUN_LINES,
    };
  }
}
