import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../../core/errors.ts';
import { parsePathsFile } from './parsePathsFile.ts';

const BASE = '/etc/evident';

/** Refused as bad_request, with a message matching `message` (the line and key it names). */
function refuses(text: string, message: RegExp): void {
  assert.throws(
    () => parsePathsFile(text, BASE),
    (error: unknown) => {
      assert.ok(isEvidentError(error, 'bad_request'), String(error));
      assert.match(error.message, message);
      return true;
    },
    text,
  );
}

describe('parsePathsFile', () => {
  it('reads the documented example, resolving relative paths against the file’s folder', () => {
    const text = [
      'version: 1',
      'artifacts:',
      '  payments-api:',
      '    path: /opt/payments/api.jar',
      '  web:',
      '    path: /var/www/payments          # a directory: Go dirhash h1',
      '    exclude: ["*.log", "cache/**"]',
      '  config:',
      '    path: ../payments/config/',
      '    exclude: []',
      '',
    ].join('\n');
    assert.deepEqual(parsePathsFile(text, BASE), [
      { name: 'payments-api', path: '/opt/payments/api.jar', exclude: [] },
      { name: 'web', path: '/var/www/payments', exclude: ['*.log', 'cache/**'] },
      { name: 'config', path: '/etc/payments/config', exclude: [] },
    ]);
  });

  it('names the line and key of an unknown key, a missing path, a wrong type', () => {
    refuses(
      'version: 1\nartifacts:\n  web:\n    path: /srv/web\n    excludes: ["*.log"]\n',
      /line 5: artifacts\.web: unknown key "excludes"; allowed: path, exclude/,
    );
    refuses(
      'version: 1\nartifacts:\n  web:\n    exclude: ["*.log"]\n',
      /line 4: artifacts\.web: "path" is missing/,
    );
    refuses('version: 1\nartifacts:\n  web:\n', /line 3: artifacts\.web must be a mapping/);
    refuses(
      'version: 1\nartifacts:\n  web:\n    path: 42\n',
      /line 4: artifacts\.web\.path must be a string/,
    );
    refuses(
      'version: 1\nartifacts:\n  web:\n    path: /srv\n    exclude: "*.log"\n',
      /line 5: artifacts\.web\.exclude must be a list/,
    );
    refuses('version: 1\nartifacts:\n  - /srv/web\n', /line 3: artifacts must be a mapping/);
    refuses(
      'version: 1\nartefacts:\n  web: { path: /srv }\n',
      /line 2: the paths file: unknown key "artefacts"/,
    );
  });

  it('names the glob that cannot be compiled', () => {
    refuses(
      'version: 1\nartifacts:\n  web:\n    path: /srv\n    exclude:\n      - "*.log"\n      - "!keep.log"\n',
      /line 7: artifacts\.web\.exclude\[1\]: .*negation/,
    );
    refuses(
      'version: 1\nartifacts:\n  web:\n    path: /srv\n    exclude: ["[a-"]\n',
      /line 5: artifacts\.web\.exclude\[0\]: .*not closed/,
    );
  });

  it('wants version 1 and at least one artifact', () => {
    refuses('version: 2\nartifacts:\n  web: { path: /srv }\n', /line 1: version must be 1/);
    refuses('version: "1"\nartifacts:\n  web: { path: /srv }\n', /version must be 1/);
    refuses('artifacts:\n  web: { path: /srv }\n', /"version: 1" is missing/);
    refuses('version: 1\n', /"artifacts" is missing/);
    refuses('version: 1\nartifacts: {}\n', /line 2: artifacts names no artifact/);
    refuses('', /empty/);
  });

  it('refuses YAML it should not guess about: syntax errors, duplicate keys, aliases, ~', () => {
    refuses('version: 1\nartifacts:\n  web: { path: /srv\n', /line \d+: /);
    refuses(
      'version: 1\nartifacts:\n  web: { path: /a }\n  web: { path: /b }\n',
      /line 4: artifacts: key "web" appears twice/,
    );
    refuses(
      'version: 1\nartifacts:\n  a: &x { path: /srv }\n  b: *x\n',
      /line 4: artifacts\.b: aliases are not supported/,
    );
    refuses(
      'version: 1\nartifacts:\n  web: { path: ~/www }\n',
      /line 3: artifacts\.web\.path: "~" is not expanded/,
    );
    refuses('version: 1\nartifacts:\n  web: { path: "" }\n', /artifacts\.web\.path must be a path/);
    refuses('version: 1\n---\nversion: 1\n', /line \d+: /);
  });
});
