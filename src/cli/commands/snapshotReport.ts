import { checkName } from '../../core/model/names.ts';
import type { Recorder } from '../recorder.ts';
import type { ReporterResult } from '../reporters/reporterResult.ts';
import type { Settings } from '../settings.ts';
import { print, recorder } from './recordCommands.ts';

type Options = Record<string, unknown>;

/** The server's answer to PUT …/environments/ENV/snapshot. */
interface Reported {
  readonly changed: boolean;
  readonly snapshot: number;
}

/**
 * Sends what a reporter saw as the environment's running set, through `r`: with its idempotency key,
 * retries, receipt check, and the spool when the server is unreachable. What the reporter had to
 * leave out goes to stderr as warnings, so a cron job's log says why an artifact is missing.
 */
export async function sendRunningSet(
  r: Recorder,
  settings: Settings,
  environment: string,
  result: ReporterResult,
): Promise<void> {
  // Checked here too: a bad name spooled in an outage would only be refused at the flush.
  checkName('environment', environment);
  for (const { name, reason } of result.skipped)
    process.stderr.write(`evident: warning: left out ${name}: ${reason}\n`);
  const answer = (await r.write({
    method: 'PUT',
    path: `/environments/${encodeURIComponent(environment)}/snapshot`,
    // When it was seen, so a report that waits in the spool through an outage is placed correctly.
    body: { artifacts: result.artifacts, observedAt: new Date().toISOString() },
  })) as Reported | undefined;
  if (answer === undefined) return;
  print(
    settings,
    answer.changed
      ? `snapshot #${answer.snapshot} recorded`
      : `unchanged (snapshot #${answer.snapshot}), last seen refreshed`,
    answer,
  );
}

/** One report of `evident snapshot KIND ENV`: exit 4 if it had to be spooled (unless --fail-open). */
export async function recordRunningSet(
  environment: string,
  result: ReporterResult,
  options: Options,
): Promise<void> {
  const { settings, recorder: r } = recorder(options);
  await sendRunningSet(r, settings, environment, result);
  r.finish();
}
