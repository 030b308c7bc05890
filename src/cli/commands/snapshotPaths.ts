import { dirname, resolve } from 'node:path';
import { EvidentError, messageOf } from '../../core/errors.ts';
import { ApiClient } from '../client/apiClient.ts';
import { flushSpool } from '../client/delivery.ts';
import { readInput } from '../inputFile.ts';
import { Recorder } from '../recorder.ts';
import { parsePathsFile } from '../reporters/paths/parsePathsFile.ts';
import { pathsRunningArtifacts } from '../reporters/paths/pathsRunningArtifacts.ts';
import { pathsFromArguments, type PathsSpec } from '../reporters/paths/pathsSpec.ts';
import { watchPaths } from '../reporters/paths/watchPaths.ts';
import type { Settings } from '../settings.ts';
import { recorder, text } from './recordCommands.ts';
import { recordRunningSet, sendRunningSet } from './snapshotReport.ts';

type Options = Record<string, unknown>;

/**
 * `evident snapshot paths ENV [PATH…] [--paths-file F] [--watch]`: the files and directories
 * deployed on a server, fingerprinted as CI fingerprints them; with --watch, again on every change.
 */
export async function snapshotPaths(environment: string, paths: string[], options: Options): Promise<void> {
  const file = text(options, 'pathsFile');
  const spec: PathsSpec = [
    ...(file === undefined ? [] : parsePathsFile(await readInput(file), dirname(resolve(file)))),
    ...(paths.length > 0 || file === undefined ? pathsFromArguments(paths) : []),
  ];
  if (options.watch === true) await watch(environment, spec, options);
  else await recordRunningSet(environment, await pathsRunningArtifacts(spec), options);
}

/**
 * Reports on every change until SIGINT or SIGTERM, then exits 0 (4 if reports still wait in the
 * spool). A Recorder spools every write after the first that could not be sent, to keep them in
 * order; a watch runs for weeks, so once something is spooled the spool is flushed before the next
 * report, and reports go straight to the server again as soon as it is back. A file that cannot be
 * read is a warning (the next change tries again); the server refusing a report ends the watch.
 */
async function watch(environment: string, spec: PathsSpec, options: Options): Promise<void> {
  const seconds = Number(text(options, 'interval') ?? '30');
  if (!(seconds > 0 && seconds <= 86_400))
    throw new EvidentError(
      'bad_request',
      '--interval must be a number of seconds, more than 0 and at most 86400 (a day)',
    );
  const first = recorder(options);
  const { settings } = first;
  let r = first.recorder;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let refused: { error: unknown } | undefined;
  try {
    await watchPaths(
      spec,
      async (result) => {
        try {
          if (r.spooled && (await flushed(settings))) r = recorder(options).recorder;
          await sendRunningSet(r, settings, environment, result);
        } catch (error) {
          refused = { error };
          controller.abort();
        }
      },
      {
        intervalMs: seconds * 1000,
        signal: controller.signal,
        poll: options.poll === true,
        onError: (error) => process.stderr.write(`evident: warning: ${messageOf(error)}\n`),
      },
    );
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (refused !== undefined) throw refused.error;
  r.finish();
}

/** True when every spooled record reached the server (`evident spool flush`, in order). */
async function flushed(settings: Settings): Promise<boolean> {
  const result = await flushSpool(
    Recorder.spoolOf(settings),
    (host) => new ApiClient({ host, token: settings.token }),
  );
  return result.remaining === 0;
}
