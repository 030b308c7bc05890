import { canonicalize } from '../ledger/canonicalJson.ts';
import type { AuditRun } from './auditReportTypes.ts';
import type { EnvironmentState } from './environmentTimeline.ts';

type Verdict = Pick<AuditRun, 'compliant' | 'reasons' | 'notes'>;

const same = (a: Verdict, b: Verdict) =>
  canonicalize([a.compliant, a.reasons, a.notes]) === canonicalize([b.compliant, b.reasons, b.notes]);

/**
 * The periods the given fingerprints ran in one environment, from its replayed timeline: from the
 * snapshot that started each (name and fingerprint) to the one that stopped it, with the verdict
 * when it started and every later verdict on it while it ran (as model/artifactRun.ts reads the
 * change log). By fingerprint, each oldest first.
 */
export function artifactRunsOf(
  environment: string,
  states: readonly EnvironmentState[],
  fingerprints: ReadonlySet<string>,
): Map<string, AuditRun[]> {
  const done: { fingerprint: string; run: AuditRun }[] = [];
  const open = new Map<string, AuditRun>();
  for (const state of states) {
    const startedHere = new Set<string>();
    for (const change of state.changes) {
      if (!fingerprints.has(change.fingerprint)) continue;
      const key = `${change.name}\u0000${change.fingerprint}`;
      const run = open.get(key);
      if (change.kind === 'started') {
        startedHere.add(key);
        open.set(key, {
          environment,
          name: change.name,
          from: state.at,
          fromIndex: state.index,
          until: null,
          untilIndex: null,
          instancesAtStart: change.after,
          instances: change.after,
          scalings: 0,
          compliant: change.compliant,
          reasons: change.reasons,
          notes: change.notes,
          unauthorised: change.unauthorised,
          provenance:
            state.running.find((r) => r.name === change.name && r.fingerprint === change.fingerprint)
              ?.provenance ?? [],
          verdictChanges: [],
        });
      } else if (run !== undefined && change.kind === 'scaled') {
        open.set(key, { ...run, instances: change.after, scalings: run.scalings + 1 });
      } else if (run !== undefined) {
        open.delete(key);
        done.push({
          fingerprint: change.fingerprint,
          run: { ...run, until: state.at, untilIndex: state.index, instances: change.before },
        });
      }
    }
    for (const [key, run] of open) {
      if (startedHere.has(key)) continue;
      const now = state.running.find((r) => `${r.name}\u0000${r.fingerprint}` === key);
      if (now === undefined) continue;
      const previous: Verdict = run.verdictChanges.at(-1) ?? run;
      if (same(previous, now)) continue;
      open.set(key, {
        ...run,
        verdictChanges: [
          ...run.verdictChanges,
          {
            index: state.index,
            at: state.at,
            compliant: now.compliant,
            reasons: now.reasons,
            notes: now.notes,
          },
        ],
      });
    }
  }
  const byFingerprint = new Map<string, AuditRun[]>();
  const stillOpen = [...open].map(([key, run]) => ({ fingerprint: key.split('\u0000')[1] ?? '', run }));
  for (const { fingerprint, run } of [...done, ...stillOpen]) {
    const list = byFingerprint.get(fingerprint) ?? [];
    list.push(run);
    byFingerprint.set(fingerprint, list);
  }
  for (const list of byFingerprint.values())
    list.sort((a, b) => a.fromIndex - b.fromIndex || order(a.name, b.name));
  return byFingerprint;
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
