import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { EvidentError, messageOf } from '../core/errors.ts';

/** Settings a config file may hold, by the names `evident config set` takes. */
export const CONFIG_KEYS = ['host', 'org', 'api-token', 'output', 'state-dir', 'vkey', 'fail-open'] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];
export type ConfigFile = Partial<Record<ConfigKey, string>>;

/** `--config`, else EVIDENT_CONFIG, else $XDG_CONFIG_HOME/evident/config.json. */
export function configPath(options: Record<string, unknown>, env: NodeJS.ProcessEnv): string {
  if (typeof options.config === 'string') return options.config;
  return (
    env.EVIDENT_CONFIG ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'evident', 'config.json')
  );
}

/** The config file's settings; none if it does not exist. A broken file is an error, not ignored. */
export function readConfig(path: string): ConfigFile {
  if (!existsSync(path)) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new EvidentError('bad_request', `config file ${path} is not JSON: ${messageOf(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EvidentError('bad_request', `config file ${path} must hold a JSON object`);
  }
  const config: ConfigFile = {};
  for (const [key, setting] of Object.entries(value)) {
    const known = CONFIG_KEYS.find((k) => k === key);
    if (known === undefined || typeof setting !== 'string') {
      throw new EvidentError(
        'bad_request',
        `config file ${path}: "${key}" is not one of ${CONFIG_KEYS.join(', ')} with a string value`,
      );
    }
    config[known] = setting;
  }
  return config;
}

/** Sets one key; the file is private (it may hold a token) and replaced atomically. */
export function writeConfig(path: string, key: string, value: string): void {
  const known = CONFIG_KEYS.find((k) => k === key);
  if (known === undefined)
    throw new EvidentError('bad_request', `unknown setting "${key}"; settings are ${CONFIG_KEYS.join(', ')}`);
  replaceConfig(path, { ...readConfig(path), [known]: value });
}

/** Removes one key (`evident logout` forgets the token), replacing the file atomically as above. */
export function removeConfig(path: string, key: ConfigKey): void {
  replaceConfig(path, Object.fromEntries(Object.entries(readConfig(path)).filter(([k]) => k !== key)));
}

function replaceConfig(path: string, config: ConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
