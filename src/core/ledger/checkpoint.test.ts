// Vectors:
// - C2SP tlog-checkpoint (C2SP/C2SP tlog-checkpoint.md @ 2793893976c835db049c194d8f2c4f946dcb70ba):
//   the example.com/behind-the-sofa checkpoint body.
// - golang.org/x/mod/sumdb/tlog note_test.go TestFormatTree / TestParseTree (golang/mod
//   sumdb/tlog/note_test.go): "go.sum database tree", size 123456789012, root = RecordHash("hello
//   world") — RecordHash is the RFC 6962 leaf hash.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../errors.ts';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { leafHash, toHex } from './merkleHash.ts';

const invalid = (e: unknown): boolean => isEvidentError(e, 'invalid_checkpoint');

const SOFA = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const GO_SUM = 'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n';

describe('checkpoint', () => {
  it('parses and re-formats the C2SP example', () => {
    const cp = parseCheckpoint(SOFA);
    assert.equal(cp.origin, 'example.com/behind-the-sofa');
    assert.equal(cp.size, 20852163);
    assert.equal(toHex(cp.rootHash), '0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62');
    assert.deepEqual(cp.extensions, []);
    assert.equal(formatCheckpoint(cp), SOFA);
  });

  it('formats the Go sumdb tree note byte for byte', () => {
    const rootHash = leafHash(new TextEncoder().encode('hello world'));
    assert.equal(formatCheckpoint({ origin: 'go.sum database tree', size: 123456789012, rootHash }), GO_SUM);
    assert.deepEqual(parseCheckpoint(GO_SUM), {
      origin: 'go.sum database tree',
      size: 123456789012,
      rootHash,
      extensions: [],
    });
  });

  it('round-trips extension lines and the empty tree', () => {
    const text = formatCheckpoint({
      origin: 'evident.example/acme',
      size: 0,
      rootHash: new Uint8Array(32),
      extensions: ['ext one', '— x'],
    });
    assert.equal(
      text,
      'evident.example/acme\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\next one\n— x\n',
    );
    assert.deepEqual(parseCheckpoint(text).extensions, ['ext one', '— x']);
    assert.equal(parseCheckpoint(GO_SUM + 'JOE\n').extensions[0], 'JOE');
  });

  it('rejects malformed checkpoints', () => {
    const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
    for (const text of [
      '',
      'o\n1\n',
      `o\n1\n${root}`, // no final newline
      `\n1\n${root}\n`, // empty origin
      `o\n01\n${root}\n`, // leading zero
      `o\n-1\n${root}\n`,
      `o\n+1\n${root}\n`,
      `o\n1.0\n${root}\n`,
      `o\n 1\n${root}\n`,
      `o\n\n${root}\n`,
      `o\n9007199254740992\n${root}\n`, // beyond 2^53 − 1
      `o\n1\n${root.slice(0, -4)}\n`, // 30 bytes
      `o\n1\nAAAA${root}\n`, // 35 bytes
      `o\n1\n${root.replace('=', '')}\n`, // unpadded
      `o\n1\n${root.slice(0, -2)}j=\n`, // non-canonical trailing bits
      `o\n1\n${root}\n\n`, // empty extension line
      `o\n1\n${root}\next\n\n`,
      `o\r\n1\n${root}\n`,
      `o\x01\n1\n${root}\n`,
    ]) {
      assert.throws(() => parseCheckpoint(text), invalid, JSON.stringify(text));
    }
  });

  it('refuses to format invalid checkpoints', () => {
    const rootHash = new Uint8Array(32);
    assert.throws(() => formatCheckpoint({ origin: '', size: 1, rootHash }), invalid);
    assert.throws(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash }), invalid);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: -1, rootHash }), invalid);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1.5, rootHash }), invalid);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 2 ** 53, rootHash }), invalid);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: new Uint8Array(31) }), invalid);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, rootHash, extensions: [''] }), invalid);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, rootHash, extensions: ['a\n'] }), invalid);
  });
});
