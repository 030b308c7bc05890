import { homedir } from 'node:os';
import { join } from 'node:path';
import { EvidentError, messageOf } from '../core/errors.ts';
import { verifierFromVkey } from '../core/ledger/noteKeys.ts';
import { configPath, readConfig } from './configFile.ts';

/** What every command that talks to a server needs (DESIGN §5 "CLI"). */
export interface Settings {
  readonly host: string;
  readonly token: string | undefined;
  readonly org: string;
  /** markdown: for CI job summaries (e.g. GitHub's $GITHUB_STEP_SUMMARY). */
  readonly output: 'text' | 'json' | 'markdown';
  readonly dryRun: boolean;
  readonly failOpen: boolean;
  /** Spool and the checkpoints this client has seen. */
  readonly stateDir: string;
  readonly vkeys: readonly string[];
}

const truthy = (value: string | undefined) => value !== undefined && /^(1|true|yes)$/i.test(value);

/**
 * Flags win over EVIDENT_* variables, which win over the config file, which wins over defaults
 * (DESIGN §5; the CI system's variables supply commit and build facts, not these).
 */
export function resolveSettings(options: Record<string, unknown>, env: NodeJS.ProcessEnv): Settings {
  const file = readConfig(configPath(options, env));
  const flag = (name: string) => (typeof options[name] === 'string' ? options[name] : undefined);
  const output = flag('output') ?? env.EVIDENT_OUTPUT ?? file.output ?? 'text';
  if (output !== 'text' && output !== 'json' && output !== 'markdown') {
    throw new EvidentError('bad_request', '--output must be text, json or markdown');
  }
  const host = flag('host') ?? env.EVIDENT_HOST ?? file.host ?? 'http://127.0.0.1:8080';
  try {
    new URL(host);
  } catch {
    throw new EvidentError('bad_request', `--host ${host} is not a URL (e.g. https://evident.example.com)`);
  }
  const vkey = flag('vkey') ?? env.EVIDENT_VKEY ?? file.vkey;
  // A key that cannot verify anything is refused before any write is sent, not after.
  if (vkey !== undefined) {
    try {
      verifierFromVkey(vkey);
    } catch (error) {
      throw new EvidentError('bad_request', `--vkey: ${messageOf(error)}`);
    }
  }
  return {
    host,
    token: flag('apiToken') ?? env.EVIDENT_API_TOKEN ?? file['api-token'],
    org: flag('org') ?? env.EVIDENT_ORG ?? file.org ?? 'default',
    output,
    dryRun: options.dryRun === true || truthy(env.EVIDENT_DRY_RUN),
    failOpen: options.failOpen === true || truthy(env.EVIDENT_FAIL_OPEN ?? file['fail-open']),
    stateDir:
      flag('stateDir') ??
      env.EVIDENT_STATE_DIR ??
      file['state-dir'] ??
      join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'evident'),
    vkeys: vkey === undefined ? [] : [vkey],
  };
}
