import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEvidentError } from '../core/errors.ts';
import { runningSetFromJson } from './runningSetJson.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

test('the object form and the bare list give the same running set, merged and sorted', () => {
  const list = [
    { name: 'web', fingerprint: `sha256:${B.toUpperCase()}`, instances: 2 },
    { name: ' api ', fingerprint: A },
    { name: 'web', fingerprint: B },
  ];
  const expected = [
    { name: 'api', fingerprint: A, instances: 1 },
    { name: 'web', fingerprint: B, instances: 3 },
  ];
  assert.deepEqual(runningSetFromJson(JSON.stringify(list), 'f'), expected);
  assert.deepEqual(runningSetFromJson(JSON.stringify({ artifacts: list }), 'f'), expected);
  assert.deepEqual(runningSetFromJson('[]', 'f'), []);
});

test('each mistake is refused with where it is', () => {
  const refused = (text: string, message: RegExp) =>
    assert.throws(
      () => runningSetFromJson(text, 'running.json'),
      (e: unknown) => isEvidentError(e, 'bad_request') && message.test(e.message),
    );
  refused('{"artifacts": [', /^running\.json: not JSON: /);
  refused('{"artifact": []}', /expected \{"artifacts": \[/);
  refused('{"artifacts": [], "extra": 1}', /expected \{"artifacts": \[/);
  refused('"api"', /or a list of artifacts/);
  refused('[1]', /artifacts\[0\] must be an object/);
  refused(`[{"name":"api","fingerprnt":"${A}"}]`, /artifacts\[0\]: unknown key "fingerprnt"/);
  refused(`[{"name":"","fingerprint":"${A}"}]`, /artifacts\[0\]\.name must be a string/);
  refused('[{"name":"api","fingerprint":"abc"}]', /artifacts\[0\]\.fingerprint must be a SHA-256/);
  refused(`[{"name":"api","fingerprint":"${A}","instances":0}]`, /artifacts\[0\]\.instances must be/);
  refused(`[{"name":"api","fingerprint":"${A}","instances":1.5}]`, /artifacts\[0\]\.instances must be/);
});
