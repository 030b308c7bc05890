// Builds dist/evident.mjs: the CLI and server bundled by esbuild (DESIGN §5 "Start-up must stay fast").
// Subcommands are split into chunks loaded on demand; native and heavy server packages stay external.
// Then the web UI (web/, Preact) is built by Vite into dist/web, which `evident server` serves at /.
// An optional argument names another output folder (the end-to-end tests build their own copy); it
// must sit inside the repository so the external packages resolve from its node_modules.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build as buildWeb } from 'vite';

const outdir = process.argv[2] ?? 'dist';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { evident: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (commander) call require(); give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __evidentRequire } from 'node:module';\nconst require = __evidentRequire(import.meta.url);",
  },
  external: ['better-sqlite3', 'pg', 'fastify', 'kysely', '@kubernetes/client-node', '@aws-sdk/*'],
  sourcemap: 'linked',
  logLevel: 'warning',
});

await buildWeb({
  configFile: 'web/vite.config.ts',
  logLevel: 'warn',
  build: { outDir: resolve(outdir, 'web'), emptyOutDir: true },
});
