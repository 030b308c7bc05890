import type { Env } from './env.ts';
import { CI_SYSTEMS } from './systems/registry.ts';

/** The CI systems `evident` recognises from their environment variables (DESIGN §5, CLI). */
export type CiSystem =
  | 'github'
  | 'gitlab'
  | 'bitbucket'
  | 'azure'
  | 'circleci'
  | 'jenkins'
  | 'teamcity'
  | 'codebuild'
  | 'buildkite'
  | 'drone'
  | 'woodpecker';

/**
 * Defaults derived from the CI system's own variables. Every field but `system` is optional: a field
 * is present only when the system documents a variable for it and that variable is set and non-empty.
 * Flags, `EVIDENT_*` variables and the config file always win over these (DESIGN §5).
 */
export interface CiContext {
  system: CiSystem;
  /** The commit the run builds, as the CI system reports it. */
  commit?: string;
  /** A link to this run (job, build or pipeline) in the CI system's web UI. */
  buildUrl?: string;
  /** The repository's URL as the CI system reports it (a web URL or a clone URL, per system). */
  repositoryUrl?: string;
  /** The branch name (short form, no `refs/heads/`); for pull requests the source (head) branch. */
  branch?: string;
  /** Who (or what) started the run, in the CI system's own terms. */
  actor?: string;
  /** The pull/merge request number or id, where the system exposes one. */
  pullRequest?: string;
}

/**
 * The CI context of the environment `env`, or `undefined` outside any recognised CI system.
 * Pure: reads only `env` (pass `process.env` in production, a literal in tests). Systems are tried in
 * the registry's order (most specific marker first) and the first whose marker is set wins; empty
 * strings count as unset.
 */
export function detectCiContext(env: Env): CiContext | undefined {
  for (const system of CI_SYSTEMS) {
    if (system.detect(env)) return system.read(env);
  }
  return undefined;
}
