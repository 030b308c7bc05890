// Vectors:
// - RFC 8785 (JCS), Appendix B (number serialization table), §3.2.2 example (numbers / string /
//   literals), §3.2.3 sorting example (https://www.rfc-editor.org/rfc/rfc8785).
// - cyberphone/json-canonicalization testdata/input + testdata/output (structures, values, weird,
//   unicode, french, arrays), copied to test/vectors/jcs/cyberphone.json with per-file commits.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isEvidentError } from '../errors.ts';
import { canonicalBytes, canonicalize, isCanonical } from './canonicalJson.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const rejects = (fn: () => unknown): void => {
  assert.throws(fn, (err: unknown) => isEvidentError(err, 'invalid_canonical_json'));
};

// RFC 8785 Appendix B: IEEE 754 bit pattern → expected serialization.
const APPENDIX_B: readonly [string, string][] = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];
// Appendix B rows with no JSON representation.
const APPENDIX_B_INVALID = ['7fffffffffffffff' /* NaN */, '7ff0000000000000' /* Infinity */];

function fromBits(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

interface CyberphoneVector {
  name: string;
  source: string;
  input: string;
  output: string;
}
const cyberphone = JSON.parse(
  readFileSync(new URL('../../../test/vectors/jcs/cyberphone.json', import.meta.url), 'utf8'),
) as CyberphoneVector[];

describe('canonicalize: RFC 8785 Appendix B numbers', () => {
  for (const [bits, want] of APPENDIX_B) {
    it(`${bits} → ${want}`, () => {
      assert.equal(canonicalize(fromBits(bits)), want);
      assert.equal(canonicalize([fromBits(bits)]), `[${want}]`);
    });
  }
  for (const bits of APPENDIX_B_INVALID) {
    it(`${bits} is rejected`, () => {
      rejects(() => canonicalize(fromBits(bits)));
      rejects(() => canonicalize({ n: -fromBits(bits) }));
    });
  }
});

describe('canonicalize: RFC 8785 examples', () => {
  it('§3.2.2 numbers, string escaping and literals', () => {
    const input =
      '{\n  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n' +
      '  "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n' +
      '  "literals": [null, true, false]\n}';
    const want =
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    assert.equal(canonicalize(JSON.parse(input)), want);
  });

  it('§3.2.3 property sorting by UTF-16 code units', () => {
    const input =
      '{\n  "\\u20ac": "Euro Sign",\n  "\\r": "Carriage Return",\n  "\\ufb33": "Hebrew Letter Dalet With Dagesh",\n' +
      '  "1": "One",\n  "\\ud83d\\ude00": "Emoji: Grinning Face",\n  "\\u0080": "Control",\n' +
      '  "\\u00f6": "Latin Small Letter O With Diaeresis"\n}';
    const want =
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
      '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';
    assert.equal(canonicalize(JSON.parse(input)), want);
  });
});

describe('canonicalize: cyberphone/json-canonicalization testdata', () => {
  for (const v of cyberphone) {
    it(v.name, () => {
      assert.equal(canonicalize(JSON.parse(v.input)), v.output);
      assert.deepEqual(canonicalBytes(JSON.parse(v.input)), utf8(v.output));
      assert.equal(isCanonical(utf8(v.output)), true);
      assert.equal(isCanonical(utf8(v.input)), false);
    });
  }
});

describe('canonicalize: escaping and rejection', () => {
  it('escapes every control character, short forms where RFC 8785 §3.2.2.2 has them', () => {
    let raw = '';
    for (let c = 0; c < 0x20; c++) raw += String.fromCharCode(c);
    const want =
      '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
      '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"';
    assert.equal(canonicalize(raw), want);
    assert.equal(canonicalize('\u007f/<>\u2028'), '"\u007f/<>\u2028"');
  });

  it('rejects values that are not I-JSON', () => {
    rejects(() => canonicalize(undefined));
    rejects(() => canonicalize({ a: undefined }));
    rejects(() => canonicalize([undefined]));
    rejects(() => canonicalize(() => 1));
    rejects(() => canonicalize(1n));
    rejects(() => canonicalize(Symbol('s')));
    rejects(() => canonicalize(NaN));
    rejects(() => canonicalize(-Infinity));
    rejects(() => canonicalize('\ud800'));
    rejects(() => canonicalize('a\udc00b'));
    rejects(() => canonicalize({ '\ud83d': 1 }));
    rejects(() => canonicalize(new Date(0)));
    rejects(() => canonicalize(new Uint8Array(2)));
    // eslint-disable-next-line no-sparse-arrays
    rejects(() => canonicalize([1, , 3]));
    rejects(() => canonicalize({ [Symbol('k')]: 1 }));
  });

  it('rejects cycles but accepts shared (acyclic) references', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    rejects(() => canonicalize(a));
    const arr: unknown[] = [];
    arr.push(arr);
    rejects(() => canonicalize(arr));
    const shared = { x: 1 };
    assert.equal(canonicalize({ a: shared, b: [shared] }), '{"a":{"x":1},"b":[{"x":1}]}');
  });

  it('handles -0, surrogate pairs, objects without prototype and nested structures', () => {
    assert.equal(canonicalize(-0), '0');
    assert.equal(canonicalize('😀'), '"😀"');
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    bare.a = [true, null, 'x'];
    assert.equal(canonicalize(bare), '{"a":[true,null,"x"],"b":1}');
    assert.equal(canonicalize({ __proto__: 1 }), '{}'); // a literal __proto__ sets the prototype, not a key
    assert.equal(canonicalize(JSON.parse('{"__proto__":1}')), '{"__proto__":1}');
  });
});

describe('isCanonical', () => {
  it('accepts canonical bytes', () => {
    assert.equal(isCanonical(utf8('{"a":1,"b":[true,null,"é"]}')), true);
    assert.equal(isCanonical(utf8('"x"')), true);
    assert.equal(isCanonical(utf8('1e+21')), true);
  });
  it('rejects non-canonical, invalid or non-I-JSON bytes', () => {
    for (const text of [
      '{"b":1,"a":2}', // order
      '{"a": 1}', // whitespace
      '{"a":1}\n', // trailing newline
      '{"a":1.0}', // number form
      '-0',
      '1E+21',
      '"\\u00e9"', // needless escape
      '"\\/"',
      '{"a":1,"a":1}', // duplicate key
      '"\\ud800"', // lone surrogate
      '1e400', // not a double
      '{',
      '',
    ]) {
      assert.equal(isCanonical(utf8(text)), false, text);
    }
    assert.equal(isCanonical(Uint8Array.of(0x22, 0xff, 0x22)), false); // invalid UTF-8
    assert.equal(isCanonical(Uint8Array.of(0xef, 0xbb, 0xbf, 0x31)), false); // BOM + "1"
  });
});
