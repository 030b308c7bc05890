import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the built web UI is for code loaded from `moduleUrl` (pass `import.meta.url`). The build puts
 * it in `<outdir>/web/`, beside the bundle `<outdir>/evident.mjs`, whose split-off parts live in
 * `<outdir>/chunks/`; from the sources (`src/server/`) it is the default build's `dist/web`. Never the
 * repository's `web/` folder: that holds the UI's sources, whose index.html is no built page.
 */
export function defaultWebRoot(moduleUrl: string): string {
  const dir = dirname(fileURLToPath(moduleUrl));
  if (dir.endsWith(`${sep}src${sep}server`)) return join(dir, '..', '..', 'dist', 'web');
  if (basename(dir) === 'chunks') return join(dir, '..', 'web');
  return join(dir, 'web');
}
