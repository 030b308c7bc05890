import { VERSION } from '../version.ts';

/**
 * Entry point of `evident`. `--version` is answered before anything else loads, and the command tree
 * (commander and friends) is imported only for other commands: pipelines start this CLI dozens of
 * times a day (DESIGN §9: start-up ≤ 1.5× `node -e 0`).
 */
const args = process.argv.slice(2);

// `evident … | head` closes stdout early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { run } = await import('./program.ts');
  await run(process.argv);
}
