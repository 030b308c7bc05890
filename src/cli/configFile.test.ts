import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isEvidentError } from '../core/errors.ts';
import { readConfig, writeConfig } from './configFile.ts';
import { resolveSettings } from './settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'evident-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('flags win over EVIDENT_* variables, which win over the config file, which wins over defaults', () => {
  const config = join(dir, 'config.json');
  writeConfig(config, 'host', 'https://file.example');
  writeConfig(config, 'org', 'from-file');
  writeConfig(config, 'api-token', 'evd_from_file');
  assert.equal(statSync(config).mode & 0o777, 0o600, 'the file may hold a token: private');
  const env = { EVIDENT_CONFIG: config, EVIDENT_ORG: 'from-env', HOME: dir };
  const fromFile = resolveSettings({}, env);
  assert.deepEqual(
    [fromFile.host, fromFile.org, fromFile.token, fromFile.output],
    ['https://file.example', 'from-env', 'evd_from_file', 'text'],
  );
  const fromFlags = resolveSettings({ host: 'https://flag.example', org: 'from-flag' }, env);
  assert.deepEqual([fromFlags.host, fromFlags.org], ['https://flag.example', 'from-flag']);
  const bare = resolveSettings({}, { EVIDENT_CONFIG: join(dir, 'none.json'), HOME: dir });
  assert.deepEqual([bare.host, bare.org, bare.token], ['http://127.0.0.1:8080', 'default', undefined]);
});

test('a broken or unknown setting is a clear error, never ignored', () => {
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{"host": ');
  assert.throws(
    () => readConfig(broken),
    (e) => isEvidentError(e, 'bad_request'),
  );
  writeFileSync(broken, '{"hots": "x"}');
  assert.throws(
    () => readConfig(broken),
    (e) => isEvidentError(e, 'bad_request'),
  );
  assert.throws(
    () => writeConfig(broken, 'colour', 'blue'),
    (e) => isEvidentError(e, 'bad_request'),
  );
  assert.throws(
    () => resolveSettings({ output: 'yaml' }, { EVIDENT_CONFIG: join(dir, 'none.json') }),
    (e) => isEvidentError(e, 'bad_request'),
  );
});
