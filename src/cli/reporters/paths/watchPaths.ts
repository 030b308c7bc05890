import { EvidentError } from '../../../core/errors.ts';
import type { ReporterResult, RunningArtifact } from '../reporterResult.ts';
import { ChangeTrigger } from './changeTrigger.ts';
import { openPathWatchers, watchLayout, type PathWatchers } from './pathWatchers.ts';
import { pathsRunningArtifacts } from './pathsRunningArtifacts.ts';
import type { PathsSpec } from './pathsSpec.ts';

export interface WatchPathsOptions {
  /** Polling period, when file-system events are unavailable or `poll` is set. */
  readonly intervalMs: number;
  /** Stops the watch: no `onChange` call starts after it fires. */
  readonly signal: AbortSignal;
  /** Quiet time after the last event before fingerprinting again (default min(intervalMs, 250)). */
  readonly debounceMs?: number;
  /** Poll instead of using events: for file systems whose changes raise none (NFS, some bind mounts). */
  readonly poll?: boolean;
  /**
   * A fingerprinting or `onChange` failure. Without it the watch stops and the returned promise
   * rejects; with it the watch goes on, and the next change (or poll) tries again.
   */
  readonly onError?: (error: unknown) => void;
}

/**
 * Reports what is at the paths, then again whenever it changes: `onChange` gets the first result,
 * then only results whose artifact set differs from the last one it accepted (a `touch`, or a
 * deploy that rewrites the same bytes, changes nothing). Calls never overlap; an `onChange` that
 * throws has not accepted the result, so the same set is offered again on the next look.
 *
 * Changes are seen through fs.watch (pathWatchers.ts), debounced; when watching fails (inotify
 * limits, say) or `poll` is set, the paths are fingerprinted every `intervalMs` instead. Resolves
 * once stopped, with every watcher and timer released.
 */
export async function watchPaths(
  spec: PathsSpec,
  onChange: (result: ReporterResult) => void | Promise<void>,
  options: WatchPathsOptions,
): Promise<void> {
  const { signal, intervalMs } = options;
  const debounceMs = options.debounceMs ?? Math.min(intervalMs, 250);
  if (!(intervalMs > 0) || !(debounceMs >= 0)) {
    throw new EvidentError(
      'bad_request',
      'the watch interval must be positive and the debounce not negative',
    );
  }
  const trigger = new ChangeTrigger(debounceMs, 20 * debounceMs);
  let polling = options.poll === true;
  let watchers: PathWatchers | undefined;
  const fallBackToPolling = (): void => {
    polling = true;
    watchers?.close();
    watchers = undefined;
    trigger.fire();
  };
  // A call, not the property: TypeScript would take `aborted` to stay what the loop test saw.
  const stopped = (): boolean => signal.aborted;
  let accepted: readonly RunningArtifact[] | undefined;
  try {
    while (!stopped()) {
      if (!polling) {
        // (Re)open the watchers before fingerprinting, so that no change after the reads goes unseen.
        const layout = await watchLayout(spec);
        if (watchers?.layout !== layout) {
          watchers?.close();
          watchers = await openPathWatchers(spec, trigger.notify, fallBackToPolling);
        }
      }
      try {
        const result = await pathsRunningArtifacts(spec);
        if (stopped()) break;
        if (accepted === undefined || !sameArtifacts(accepted, result.artifacts)) {
          await onChange(result);
          accepted = result.artifacts;
        }
      } catch (error) {
        if (stopped()) break;
        if (options.onError === undefined) throw error;
        options.onError(error);
      }
      await trigger.wait(signal, polling ? intervalMs : undefined);
    }
  } finally {
    watchers?.close();
    trigger.close();
  }
}

/** Equal artifact sets; both sides come sorted from mergeRunning. */
function sameArtifacts(a: readonly RunningArtifact[], b: readonly RunningArtifact[]): boolean {
  return (
    a.length === b.length &&
    a.every((artifact, i) => {
      const other = b[i];
      return (
        other !== undefined &&
        artifact.name === other.name &&
        artifact.fingerprint === other.fingerprint &&
        artifact.instances === other.instances
      );
    })
  );
}
