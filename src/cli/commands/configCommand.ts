import { configPath, writeConfig } from '../configFile.ts';
import { resolveSettings } from '../settings.ts';

type Options = Record<string, unknown>;

/**
 * `evident config`: the settings in force, with the token hidden, under the names `config set`
 * takes (`dry-run` is a flag only).
 */
export function showConfig(options: Options): void {
  const settings = resolveSettings(options, process.env);
  const shown = {
    host: settings.host,
    org: settings.org,
    'api-token': settings.token === undefined ? null : `${settings.token.slice(0, 8)}…`,
    output: settings.output,
    'state-dir': settings.stateDir,
    vkey: settings.vkeys,
    'fail-open': settings.failOpen,
    'dry-run': settings.dryRun,
    'config-file': configPath(options, process.env),
  };
  if (settings.output === 'json') process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  else
    for (const [key, value] of Object.entries(shown))
      process.stdout.write(`${key}: ${JSON.stringify(value)}\n`);
}

/** `evident config set KEY VALUE` */
export function setConfig(key: string, value: string, options: Options): void {
  const path = configPath(options, process.env);
  writeConfig(path, key, value);
  process.stdout.write(`${key} saved in ${path}\n`);
}
