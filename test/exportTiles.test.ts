// Full-log export in the C2SP tlog-tiles layout (issue #8 §3, https://c2sp.org/tlog-tiles) from a real
// server holding more than 256 and then more than 512 entries (full and partial level-0 tiles, level-1
// tiles), through the built CLI: the tiles agree with the server's own entries and proofs, the root
// read from the tiles is the checkpoint's, a re-export only replaces what changed, `verify tiles`
// passes offline and names every altered byte's tile with exit 5, and a forked server cannot
// overwrite a mirror.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseCheckpoint } from '../src/core/ledger/checkpoint.ts';
import { toHex } from '../src/core/ledger/merkleHash.ts';
import { parseNote } from '../src/core/ledger/signedNote.ts';
import { tilePath } from '../src/core/tiles/tileLayout.ts';
import { rootFromTiles } from '../src/core/tiles/tileRoot.ts';
import { startServer, type RunningServer } from '../src/server/startServer.ts';
import { runCli } from './support/cli.ts';
import { freePort } from './support/postgres.ts';

const TOKEN = `evd_${'T'.repeat(43)}`;
const root = mkdtempSync(join(tmpdir(), 'evident-tiles-'));
after(() => rmSync(root, { recursive: true, force: true }));

function serve(name: string, port: number): Promise<RunningServer> {
  return startServer({
    dataDir: join(root, name),
    keyDir: join(root, 'keys'),
    origin: 'evident.tiles',
    host: '127.0.0.1',
    port,
    version: 'test',
    bootstrapToken: TOKEN,
    logger: false,
  });
}

const auth = { authorization: `Bearer ${TOKEN}` };

async function api(server: RunningServer, path: string): Promise<unknown> {
  const response = await fetch(`${server.url}/api/v1/orgs/default${path}`, { headers: auth });
  assert.ok(response.ok, path);
  return response.json();
}

/** Grows the log to at least `size` entries, 16 writes at a time. */
async function growTo(server: RunningServer, size: number, prefix: string): Promise<void> {
  for (let n = 0; (await checkpoint(server)).size < size; n += 16) {
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        fetch(`${server.url}/api/v1/orgs/default/flows/${prefix}-${n + i}`, {
          method: 'PUT',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ description: `flow ${n + i}` }),
        }).then((r) => assert.ok(r.ok)),
      ),
    );
  }
}

async function checkpoint(server: RunningServer) {
  const response = await fetch(`${server.url}/api/v1/orgs/default/log/checkpoint`, { headers: auth });
  const note = await response.text();
  return { note, ...parseCheckpoint(parseNote(note).text) };
}

const file = (dir: string, path: string) => join(dir, path);
const read = (dir: string, path: string) => new Uint8Array(readFileSync(file(dir, path)));

test('export tiles mirrors a real log; verify tiles checks it offline and names altered tiles', async () => {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const mirror = join(root, 'mirror');
  const env = { EVIDENT_HOST: host, EVIDENT_API_TOKEN: TOKEN, EVIDENT_STATE_DIR: join(root, 'state') };
  const cli = async (args: string[], code: number) => {
    const result = await runCli(args, env);
    assert.equal(result.code, code, `evident ${args.join(' ')}\n${result.stdout}${result.stderr}`);
    return result;
  };
  const server = await serve('honest', port);
  let vkey = '';
  try {
    vkey = (await (await fetch(`${host}/api/v1/log/key`)).text()).trim().split('\n').at(-1)!;
    await growTo(server, 300, 'first');
    const first = await checkpoint(server);
    const out = JSON.parse(
      (await cli(['export', 'tiles', mirror, '--vkey', vkey, '--output', 'json'], 0)).stdout,
    ) as { size: number; root: string; written: number };
    assert.equal(out.size, first.size);
    assert.equal(out.root, toHex(first.rootHash));
    const width = first.size - 256;
    for (const path of [
      'checkpoint',
      'tile/0/000',
      `tile/0/001.p/${width}`,
      'tile/entries/000',
      `tile/entries/001.p/${width}`,
      'tile/1/000.p/1',
    ]) {
      assert.ok(existsSync(file(mirror, path)), path);
    }
    assert.equal(readFileSync(file(mirror, 'checkpoint'), 'utf8'), first.note);
    assert.equal(out.written, 6);

    // The level-0 tiles hold the server's leaf hashes, in order.
    const { entries } = (await api(server, `/log/entries?start=0&end=${first.size}`)) as {
      entries: { leafHash: string }[];
    };
    const level0 = Buffer.concat([read(mirror, 'tile/0/000'), read(mirror, `tile/0/001.p/${width}`)]);
    assert.deepEqual(
      Array.from({ length: first.size }, (_, i) => level0.subarray(i * 32, i * 32 + 32).toString('hex')),
      entries.map((e) => e.leafHash),
    );
    // The level-1 hash of the first full tile is MTH(D[0:256]): the last hash of the server's inclusion
    // proof of entry 256 (RFC 9162 §2.1.3.1: PATH(256, D[n]) = PATH(0, D[256:n]) : MTH(D[0:256])).
    const proof = (await api(server, `/log/proofs/inclusion?index=256&size=${first.size}`)) as {
      hashes: string[];
    };
    assert.equal(toHex(read(mirror, 'tile/1/000.p/1')), proof.hashes.at(-1));
    // The root read from the tiles alone is the checkpoint's.
    const fromTiles = rootFromTiles(first.size, (tile) => read(mirror, tilePath(tile)));
    assert.equal(toHex(fromTiles), toHex(first.rootHash));

    // Past 512: the level-0 partial becomes full, the old partials go, full tiles are not rewritten.
    const fullTile = statSync(file(mirror, 'tile/0/000')).mtimeMs;
    await growTo(server, 600, 'second');
    const second = await checkpoint(server);
    const again = JSON.parse(
      (await cli(['export', 'tiles', mirror, '--vkey', vkey, '--output', 'json'], 0)).stdout,
    ) as { size: number; written: number; removed: number };
    assert.equal(again.size, second.size);
    assert.equal(statSync(file(mirror, 'tile/0/000')).mtimeMs, fullTile);
    assert.ok(existsSync(file(mirror, 'tile/0/001')) && existsSync(file(mirror, 'tile/entries/001')));
    assert.ok(
      !existsSync(file(mirror, `tile/0/001.p/${width}`)) && !existsSync(file(mirror, 'tile/1/000.p/1')),
    );
    assert.ok(existsSync(file(mirror, 'tile/1/000.p/2')));
    assert.equal(again.removed, 3);
    // Nothing changed: nothing written.
    const idle = JSON.parse(
      (await cli(['export', 'tiles', mirror, '--vkey', vkey, '--output', 'json'], 0)).stdout,
    ) as { written: number };
    assert.equal(idle.written, 0);
    const proof2 = (await api(server, `/log/proofs/inclusion?index=0&size=512`)) as { hashes: string[] };
    assert.equal(toHex(read(mirror, 'tile/1/000.p/2').subarray(32)), proof2.hashes.at(-1));
  } finally {
    await server.close();
  }

  // Offline: the copy verifies against the key alone…
  const verified = await cli(['verify', 'tiles', mirror, '--vkey', vkey], 0);
  assert.match(
    verified.stdout,
    /^OK: evident\.tiles\/default has \d+ entries in .*; the signed checkpoint, every entry bundle and all \d+ hash tiles agree\n$/,
  );
  // …and any altered byte fails with exit 5 naming the file.
  const partialWidth = (await checkpointOfDir(mirror)) - 512;
  for (const [path, offset, message] of [
    ['tile/entries/000', 40, /tile\/entries\/000: its entries do not hash to tile\/0\/000/],
    ['tile/entries/001', 2, /tile\/entries\/001: its entries do not hash to tile\/0\/001/],
    ['tile/0/001', 100, /tile\/0\/001: hash 3 is not the one computed from the entries/],
    ['tile/1/000.p/2', 33, /tile\/1\/000\.p\/2: hash 1 is not the one computed from the entries/],
    [`tile/0/002.p/${partialWidth}`, 0, new RegExp(`tile/0/002\\.p/${partialWidth}: hash 0 is not`)],
    ['checkpoint', 30, /checkpoint: does not verify with the trusted key/],
  ] as const) {
    const copy = join(root, `altered-${path.replaceAll('/', '-')}`);
    cpSync(mirror, copy, { recursive: true });
    const bytes = read(copy, path);
    bytes[offset] = (bytes[offset] ?? 0) ^ 0x01;
    writeFileSync(file(copy, path), bytes);
    const result = await cli(['verify', 'tiles', copy, '--vkey', vkey], 5);
    assert.match(result.stdout, /^VERIFICATION FAILED/);
    assert.match(result.stdout, message);
  }
  const truncated = join(root, 'truncated');
  cpSync(mirror, truncated, { recursive: true });
  rmSync(file(truncated, 'tile/entries/001'));
  assert.match(
    (await cli(['verify', 'tiles', truncated, '--vkey', vkey], 5)).stdout,
    /tile\/entries\/001: missing/,
  );
  await cli(['verify', 'tiles', join(root, 'nowhere'), '--vkey', vkey], 2);

  // A server with the same URL, origin and key but another history cannot overwrite the mirror.
  const before = readFileSync(file(mirror, 'checkpoint'), 'utf8');
  const fork = await serve('fork', port);
  try {
    await growTo(fork, 700, 'forked');
    const result = await runCli(['export', 'tiles', mirror, '--vkey', vkey], {
      ...env,
      EVIDENT_STATE_DIR: join(root, 'fresh-state'),
    });
    assert.equal(result.code, 5, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      /the live log does not extend the saved checkpoint: no valid consistency proof/,
    );
    assert.equal(readFileSync(file(mirror, 'checkpoint'), 'utf8'), before);
  } finally {
    await fork.close();
  }
});

/** Grows the log to exactly `size` entries (a write adds one entry). */
async function growExactly(server: RunningServer, size: number, prefix: string): Promise<void> {
  for (let n = 0, now = (await checkpoint(server)).size; now < size; now = (await checkpoint(server)).size) {
    const batch = Math.min(16, size - now);
    await Promise.all(
      Array.from({ length: batch }, (_, i) =>
        fetch(`${server.url}/api/v1/orgs/default/flows/${prefix}-${n + i}`, {
          method: 'PUT',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ description: `flow ${n + i}` }),
        }).then((r) => assert.ok(r.ok)),
      ),
    );
    n += batch;
  }
  assert.equal((await checkpoint(server)).size, size);
}

/** The sha256 of every file under `dir`, by its path. */
function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out[name] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

test('a failed export tiles writes nothing, and never rewrites a full tile', async () => {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const env = { EVIDENT_HOST: host, EVIDENT_API_TOKEN: TOKEN, EVIDENT_STATE_DIR: join(root, 'state-failed') };
  const server = await serve('failed', port);
  try {
    const vkey = (await (await fetch(`${host}/api/v1/log/key`)).text()).trim().split('\n').at(-1)!;
    await growExactly(server, 273, 'failed');
    const good = join(root, 'mirror-273');
    const exported = await runCli(['export', 'tiles', good, '--vkey', vkey], env);
    assert.equal(exported.code, 0, exported.stdout + exported.stderr);
    await growExactly(server, 274, 'failed-more');

    // The auditor's trial: one byte flipped in the full bundle tile/entries/000, one entry added.
    const flipped = join(root, 'mirror-flipped');
    cpSync(good, flipped, { recursive: true });
    const bundle = read(flipped, 'tile/entries/000');
    bundle[40] = (bundle[40] ?? 0) ^ 0x01;
    writeFileSync(file(flipped, 'tile/entries/000'), bundle);
    const before = digests(flipped);
    const failed = await runCli(['export', 'tiles', flipped, '--vkey', vkey], env);
    assert.equal(failed.code, 5, failed.stdout + failed.stderr);
    assert.match(failed.stderr, /entries 0 to 255 were read from .*: check it with `evident verify tiles`/);
    assert.match(failed.stderr, /nothing was written/);
    assert.deepEqual(digests(flipped), before);
    assert.ok(!existsSync(file(flipped, 'tile/entries/001.p/18')));

    // A full hash tile that is not the one computed from the (intact) entries is a finding, not rewritten.
    const tile = join(root, 'mirror-tile');
    cpSync(good, tile, { recursive: true });
    const hashes = read(tile, 'tile/0/000');
    hashes[100] = (hashes[100] ?? 0) ^ 0x01;
    writeFileSync(file(tile, 'tile/0/000'), hashes);
    const tileBefore = digests(tile);
    const refused = await runCli(['export', 'tiles', tile, '--vkey', vkey], env);
    assert.equal(refused.code, 5, refused.stdout + refused.stderr);
    assert.match(
      refused.stderr,
      /full tiles that are immutable but not the ones computed from the log: tile\/0\/000;/,
    );
    assert.deepEqual(digests(tile), tileBefore);

    // The intact mirror is brought up to date.
    const updated = await runCli(['export', 'tiles', good, '--vkey', vkey], env);
    assert.equal(updated.code, 0, updated.stdout + updated.stderr);
    assert.ok(existsSync(file(good, 'tile/entries/001.p/18')));
    assert.equal((await runCli(['verify', 'tiles', good, '--vkey', vkey])).code, 0);

    // verify tiles reads no symbolic link, not even to a good tile.
    const linked = join(root, 'mirror-linked');
    cpSync(good, linked, { recursive: true });
    rmSync(file(linked, 'tile/0/000'));
    symlinkSync(file(good, 'tile/0/000'), file(linked, 'tile/0/000'));
    const link = await runCli(['verify', 'tiles', linked, '--vkey', vkey]);
    assert.equal(link.code, 2, link.stdout + link.stderr);
    assert.match(link.stderr, /mirror-linked\/tile\/0\/000 is a symbolic link/);
    const folder = join(root, 'mirror-linked-folder');
    cpSync(good, folder, { recursive: true });
    rmSync(file(folder, 'tile/entries'), { recursive: true });
    symlinkSync(file(good, 'tile/entries'), file(folder, 'tile/entries'));
    const folderLink = await runCli(['verify', 'tiles', folder, '--vkey', vkey]);
    assert.equal(folderLink.code, 2, folderLink.stdout + folderLink.stderr);
    assert.match(folderLink.stderr, /mirror-linked-folder\/tile\/entries is a symbolic link/);
  } finally {
    await server.close();
  }
});

async function checkpointOfDir(dir: string): Promise<number> {
  return Promise.resolve(parseCheckpoint(parseNote(readFileSync(join(dir, 'checkpoint'), 'utf8')).text).size);
}
