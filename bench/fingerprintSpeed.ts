import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileSha256 } from '../src/fingerprint/fileDigest.ts';
import { heading, line, ms, num, verdict } from './log.ts';
import { tempDir } from './scratch.ts';
import { median, ratio, round } from './stats.ts';

const TARGET = 0.9;

/**
 * DESIGN §9 "file fingerprint ≥ 90% of sha256sum on the same file": the CLI's streaming SHA-256
 * against coreutils' sha256sum on one file of random bytes, alternating runs, throughput = size /
 * median time (the file is in the page cache for both after the first read).
 */
export async function benchFingerprint(mebibytes: number, runs: number) {
  heading(
    `File fingerprint: ${mebibytes} MiB of random bytes, fileSha256 vs sha256sum, median of ${runs} runs`,
  );
  const file = join(tempDir('fingerprint'), 'artifact.bin');
  const fd = openSync(file, 'w');
  const chunk = randomBytes(1024 * 1024);
  for (let i = 0; i < mebibytes; i++) writeSync(fd, chunk);
  closeSync(fd);
  const ours: number[] = [];
  const theirs: number[] = [];
  let agree = true;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const digest = await fileSha256(file);
    ours.push(performance.now() - t0);
    const t1 = performance.now();
    const out = spawnSync('sha256sum', [file], { encoding: 'utf8' });
    theirs.push(performance.now() - t1);
    agree &&= out.stdout.split(' ')[0] === digest;
  }
  const oursPerSec = (mebibytes / median(ours)) * 1000;
  const theirsPerSec = (mebibytes / median(theirs)) * 1000;
  const r = ratio(oursPerSec, theirsPerSec);
  line(
    `sha256sum: ${ms(median(theirs))} (${num(theirsPerSec)} MiB/s); fileSha256: ${ms(median(ours))} (${num(oursPerSec)} MiB/s)`,
  );
  line(`same digest: ${agree ? 'yes' : 'NO'}; ${verdict(r, `≥ ${TARGET}`, r >= TARGET && agree)}`);
  return {
    mebibytes,
    runs,
    sha256sumMiBPerSec: round(theirsPerSec, 1),
    fileSha256MiBPerSec: round(oursPerSec, 1),
    ratio: r,
    sameDigest: agree,
    target: { ratio: TARGET, met: r >= TARGET && agree },
  };
}
