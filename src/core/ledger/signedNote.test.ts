// Vectors:
// - golang.org/x/mod/sumdb/note: package doc of note.go (golang/mod sumdb/note/note.go @
//   605edab4323bfdf06a0d8ac68b4b18e9e0df249b) and note_test.go (@ 02c991387e35f9e4c0a9b7ce137717055f8d716d):
//   the PeterNeumann signer/verifier keys, the "If you think cryptography..." text and its signature,
//   the EnochRoot verifier key and signature, manglings, too-many-signatures and malformed notes.
// - C2SP signed-note (C2SP/C2SP signed-note.md @ 055287621bf3cd13ff4394418a3e8efc2d5e8ed7): the
//   quasimodo.example/salvatore example note (its public key is not published, so it is only parsed).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError, type ErrorCode } from '../errors.ts';
import {
  MAX_NOTE_SIGNATURES,
  generateSignerKey,
  keyIdFor,
  openNote,
  parseNote,
  signNote,
  signerFromSkey,
  verifierFromVkey,
  vkeyFromSkey,
  type NoteVerifier,
} from './signedNote.ts';

const code = (c: ErrorCode) => (e: unknown) => isEvidentError(e, c);

const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const peter = verifierFromVkey(PETER_VKEY);
const enoch = verifierFromVkey(ENOCH_VKEY);

describe('note keys (golang.org/x/mod/sumdb/note vectors)', () => {
  it('parses the PeterNeumann keys and derives the verifier key from the signer key', () => {
    assert.equal(peter.name, 'PeterNeumann');
    assert.equal(peter.keyId, 0xc74f20a3);
    const signer = signerFromSkey(PETER_SKEY);
    assert.equal(signer.name, 'PeterNeumann');
    assert.equal(signer.keyId, 0xc74f20a3);
    assert.equal(vkeyFromSkey(PETER_SKEY), PETER_VKEY);
    assert.equal(enoch.keyId, 0xaf0cfe78);
  });

  it('keyIdFor is SHA-256(name || 0x0A || 0x01 || key)[:4]', () => {
    const pub = Buffer.from('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'base64').subarray(1);
    assert.equal(keyIdFor('PeterNeumann', pub), 0xc74f20a3);
    assert.notEqual(keyIdFor('PeterNeuman', pub), 0xc74f20a3);
  });

  it('generateSignerKey reproduces the PeterNeumann key pair from its seed', () => {
    const seed = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
    assert.deepEqual(generateSignerKey('PeterNeumann', seed), { skey: PETER_SKEY, vkey: PETER_VKEY });
    const fresh = generateSignerKey('example.com/log', new Uint8Array(32).fill(7));
    assert.equal(vkeyFromSkey(fresh.skey), fresh.vkey);
    const note = signNote('hi\n', [signerFromSkey(fresh.skey)]);
    assert.equal(openNote(note, [verifierFromVkey(fresh.vkey)]).text, 'hi\n');
    assert.throws(() => generateSignerKey('a b', new Uint8Array(32)), code('invalid_key'));
    assert.throws(() => generateSignerKey('ab', new Uint8Array(31)), code('invalid_key'));
  });

  it('rejects every truncation and every single-character mangling of the keys (as note_test.go)', () => {
    for (const [key, parse] of [
      [PETER_VKEY, verifierFromVkey],
      [PETER_SKEY, signerFromSkey],
    ] as const) {
      for (let i = 0; i <= key.length; i++) {
        for (let j = i + 1; j <= key.length; j++) {
          if (i === 0 && j === key.length) continue;
          assert.throws(() => parse(key.slice(i, j)), code('invalid_key'), key.slice(i, j));
        }
      }
      for (let i = 0; i < key.length; i++) {
        const mangled = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
        assert.throws(() => parse(mangled), code('invalid_key'), mangled);
      }
    }
  });

  it('rejects a wrong-length key and an unknown algorithm even with an adjusted key hash', () => {
    assert.throws(
      () => verifierFromVkey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='),
      code('invalid_key'),
    );
    assert.throws(
      () => verifierFromVkey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
      code('invalid_key'),
    );
  });
});

describe('signNote', () => {
  it('produces the golang.org/x/mod/sumdb/note signature byte for byte', () => {
    assert.equal(signNote(TEXT, [signerFromSkey(PETER_SKEY)]), TEXT + '\n' + PETER_SIG);
  });

  it('writes one line per signer, in order', () => {
    const other = signerFromSkey(generateSignerKey('other.example/key', new Uint8Array(32).fill(1)).skey);
    const note = signNote(TEXT, [signerFromSkey(PETER_SKEY), other]);
    assert.ok(note.startsWith(TEXT + '\n' + PETER_SIG + '— other.example/key '));
    assert.equal(note.split('\n').length, 6);
  });

  it('rejects texts that cannot be note texts and signers with invalid names', () => {
    const signer = signerFromSkey(PETER_SKEY);
    for (const text of ['', 'abc', 'abc\r\n', 'a\tb\n', 'bad \ud800\n', '\ufffd\n']) {
      assert.throws(() => signNote(text, [signer]), code('invalid_note'), JSON.stringify(text));
    }
    assert.throws(() => signNote(TEXT, []), code('invalid_note'));
    assert.throws(() => signNote(TEXT, [{ ...signer, name: 'a+b' }]), code('invalid_key'));
    assert.throws(() => signNote(TEXT, [{ ...signer, keyId: 2 ** 32 }]), code('invalid_key'));
  });
});

describe('openNote (golang.org/x/mod/sumdb/note TestOpen cases)', () => {
  const both = TEXT + '\n' + PETER_SIG + ENOCH_SIG;

  it('verifies the known key and ignores the unknown one', () => {
    const n = openNote(both, [peter]);
    assert.equal(n.text, TEXT);
    assert.deepEqual(n.signatures, [
      { name: 'PeterNeumann', keyId: 0xc74f20a3, verified: true },
      { name: 'EnochRoot', keyId: 0xaf0cfe78, verified: false },
    ]);
  });

  it('verifies both signatures of the doubly-signed note', () => {
    const n = openNote(both, [peter, enoch]);
    assert.deepEqual(
      n.signatures.map((s) => s.verified),
      [true, true],
    );
  });

  it('rejects a note with no signature from a known key', () => {
    assert.throws(() => openNote(both, []), code('invalid_signature'));
    // Same name, another key ID: an unknown key (signed-note "Signatures").
    const impostor: NoteVerifier = { name: 'PeterNeumann', keyId: 0xc74f20a4, verify: () => true };
    assert.throws(() => openNote(TEXT + '\n' + PETER_SIG, [impostor]), code('invalid_signature'));
    // Same key ID, another name: unknown too.
    const renamed: NoteVerifier = { name: 'PeterNeuman', keyId: 0xc74f20a3, verify: () => true };
    assert.throws(() => openNote(TEXT + '\n' + PETER_SIG, [renamed]), code('invalid_signature'));
  });

  it('rejects the whole note when a known key signature does not verify', () => {
    const bad = TEXT + '\n' + PETER_SIG.slice(0, 60) + 'ABCD' + PETER_SIG.slice(60);
    assert.throws(() => openNote(bad, [peter]), code('invalid_signature'));
    // A valid signature from another known key does not rescue it.
    assert.throws(
      () => openNote(TEXT + '\n' + ENOCH_SIG + bad.slice(TEXT.length + 1), [peter, enoch]),
      code('invalid_signature'),
    );
    // Text changed after signing.
    assert.throws(
      () => openNote(TEXT.replace('answer', 'Answer') + '\n' + PETER_SIG, [peter]),
      code('invalid_signature'),
    );
  });

  it('accepts duplicated signatures and ignores corrupt ones from unknown keys', () => {
    const enochBad = ENOCH_SIG.slice(0, 60) + 'ABCD' + ENOCH_SIG.slice(60);
    const n = openNote(TEXT + '\n' + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + enochBad, [peter]);
    assert.deepEqual(n.signatures, [
      { name: 'PeterNeumann', keyId: 0xc74f20a3, verified: true },
      { name: 'EnochRoot', keyId: 0xaf0cfe78, verified: false },
    ]);
  });

  it('rejects ambiguous verifier lists for a key that signed', () => {
    assert.throws(() => openNote(TEXT + '\n' + ENOCH_SIG, [enoch, peter, enoch]), code('invalid_key'));
    openNote(TEXT + '\n' + PETER_SIG, [enoch, peter, enoch]);
  });

  it(`rejects more than ${MAX_NOTE_SIGNATURES} signatures as malformed`, () => {
    const many = TEXT + '\n' + PETER_SIG.repeat(MAX_NOTE_SIGNATURES + 1);
    assert.throws(() => openNote(many, [peter]), code('invalid_note'));
    assert.throws(() => openNote(many, []), code('invalid_note'));
    assert.equal(openNote(TEXT + '\n' + PETER_SIG.repeat(MAX_NOTE_SIGNATURES), [peter]).signatures.length, 1);
  });

  it('rejects malformed notes', () => {
    const bad = [
      TEXT,
      TEXT + '\n',
      TEXT + '\n' + PETER_SIG.slice(0, -1),
      '\x01' + TEXT + '\n' + PETER_SIG,
      '\ufffd' + TEXT + '\n' + PETER_SIG, // what an invalid UTF-8 byte (Go's "\xff") decodes to
      '\ud800' + TEXT + '\n' + PETER_SIG,
      TEXT +
        '\n' +
        '— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=',
      TEXT + '\n' + PETER_SIG + 'Unexpected line.\n',
      TEXT + '\n' + PETER_SIG.replace('—', '-'),
      TEXT + '\n' + '— PeterNeumann\n',
      TEXT + '\n' + '— PeterNeumann AAAAAA==\n', // 4 bytes: key ID without signature
      TEXT +
        '\n' +
        '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n',
      TEXT + '\n' + PETER_SIG.replace(' x08', '  x08'),
      TEXT + '\r\n' + PETER_SIG,
      '',
    ];
    for (const note of bad) {
      assert.throws(() => openNote(note, [peter]), code('invalid_note'), JSON.stringify(note));
    }
  });

  it('takes the last blank line as the separator, so texts may contain blank lines', () => {
    const signer = signerFromSkey(PETER_SKEY);
    for (const text of ['a\n\nb\n', '\n', 'a\n\n', 'x\n\n\n']) {
      const n = openNote(signNote(text, [signer]), [peter]);
      assert.equal(n.text, text);
    }
  });
});

describe('parseNote: C2SP signed-note example', () => {
  const example =
    'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n' +
    '— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';

  it('splits text and signature at the last blank line', () => {
    const { text, signatures } = parseNote(example);
    assert.equal(
      text,
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n',
    );
    assert.equal(signatures.length, 1);
    assert.equal(signatures[0]!.name, 'quasimodo.example/salvatore');
    assert.equal(signatures[0]!.keyId, 0x367ba04b);
    assert.equal(signatures[0]!.signature.length, 64);
  });

  it('is rejected when no verifier is known for it', () => {
    assert.throws(() => openNote(example, [peter]), code('invalid_signature'));
  });
});
