// Which Engine API version to request (Engine API reference, "Versioning"; Docker 29 release notes:
// API versions below 1.44 are refused).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../../core/errors.ts';
import { negotiateApiVersion } from './negotiateApiVersion.ts';

describe('negotiateApiVersion', () => {
  it('uses 1.44, lowered to what the daemon has, raised to what it still accepts', () => {
    assert.equal(negotiateApiVersion({ ApiVersion: '1.52', MinAPIVersion: '1.24' }), '1.44');
    assert.equal(negotiateApiVersion({ ApiVersion: '1.41', MinAPIVersion: '1.12' }), '1.41');
    assert.equal(negotiateApiVersion({ ApiVersion: '1.52', MinAPIVersion: '1.46' }), '1.46');
    assert.equal(negotiateApiVersion({ ApiVersion: '1.44' }), '1.44');
  });

  it('refuses a daemon that does not say, or is too old', () => {
    const unavailable = (error: unknown) => isEvidentError(error, 'unavailable');
    assert.throws(() => negotiateApiVersion({}), unavailable);
    assert.throws(() => negotiateApiVersion('1.44'), unavailable);
    assert.throws(() => negotiateApiVersion({ ApiVersion: '1.23' }), unavailable);
  });
});
