import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { heading, line, ms, num, verdict } from './log.ts';
import { median, ratio, round } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = 'dist/evident.mjs';
const TARGET_RATIO = 1.5;

/**
 * DESIGN §9 "CLI start (`evident --version`) ≤ 1.5× `node -e 0`": the shipped bundle against a bare
 * node start, alternating so drift hits both. NODE_EXTRA_CA_CERTS makes node read a CA file at
 * start, which costs both commands the same fixed time and so moves the ratio; both environments
 * are measured.
 */
export function benchCliStart(runs: number) {
  heading(`CLI start: node ${BUNDLE} --version vs node -e 0, median of ${runs} runs each`);
  if (!existsSync(`${ROOT}/${BUNDLE}`)) {
    line(`${BUNDLE} is missing: building it (node scripts/build.mjs)`);
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  }
  const inherited = { ...process.env };
  const { NODE_EXTRA_CA_CERTS: extra, ...withoutExtra } = inherited;
  const variants = [
    {
      name:
        extra === undefined
          ? 'inherited env (NODE_EXTRA_CA_CERTS not set)'
          : `with NODE_EXTRA_CA_CERTS=${extra}`,
      key: 'withExtraCaCerts',
      env: inherited,
    },
    { name: 'without NODE_EXTRA_CA_CERTS', key: 'withoutExtraCaCerts', env: withoutExtra },
  ];
  const result: Record<string, unknown> = { runs, targetRatio: TARGET_RATIO };
  for (const variant of variants) {
    const version = run(['dist/evident.mjs', '--version'], variant.env).stdout.trim();
    const cli: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const a = run(['dist/evident.mjs', '--version'], variant.env).ms;
      const b = run(['-e', '0'], variant.env).ms;
      // The first two pairs warm the file cache and are not counted.
      if (i >= 2) {
        cli.push(a);
        bare.push(b);
      }
    }
    const r = ratio(median(cli), median(bare));
    line(
      `${variant.name}: evident --version ${ms(median(cli))} (prints ${version}), node -e 0 ${ms(median(bare))} → ${verdict(r, `≤ ${TARGET_RATIO}`, r <= TARGET_RATIO)}`,
    );
    result[variant.key] = {
      cliMedianMs: round(median(cli), 2),
      nodeMedianMs: round(median(bare), 2),
      ratio: r,
      met: r <= TARGET_RATIO,
      ...(variant.key === 'withExtraCaCerts' && { nodeExtraCaCerts: extra ?? null }),
    };
  }
  line(`(${num(runs)} timed runs per command and environment, spawn overhead included in both)`);
  return result;
}

function run(args: readonly string[], env: NodeJS.ProcessEnv): { ms: number; stdout: string } {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  return { ms: elapsed, stdout: child.stdout };
}
