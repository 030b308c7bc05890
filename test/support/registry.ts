// Plumbing shared by the registry tests: a real CNCF distribution registry (Debian's docker-registry)
// on 127.0.0.1, and an OCI image layout built here that skopeo can push to it (README: tests start
// what they need, and nothing listens beyond the loopback interface).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { freePort } from './postgres.ts';

export const DOCKER_REGISTRY = '/usr/bin/docker-registry';
export const SKOPEO = '/usr/bin/skopeo';

/**
 * `false` when every tool is installed, else the reason to skip, after a loud notice. Under CI=true
 * a missing tool is an error instead: CI must run these tests (same rule as startPostgres).
 */
export function skipUnlessInstalled(tools: readonly string[], install: string): string | false {
  const missing = tools.filter((t) => !existsSync(t));
  if (missing.length === 0) return false;
  if (process.env.CI === 'true') throw new Error(`CI needs ${missing.join(', ')} (${install})`);
  console.warn(`\n*** ${missing.join(', ')} not installed: registry tests are SKIPPED ***\n`);
  return `${missing.join(', ')} not installed`;
}

export interface RunningRegistry {
  /** `127.0.0.1:PORT`, as it appears in image references and Docker config `auths` keys. */
  readonly host: string;
  readonly port: number;
  /** What the registry logged, for failure messages. */
  log(): string;
  stop(): void;
}

/**
 * Starts docker-registry with its storage and log under `dir` on a free loopback port, plus any
 * extra configuration sections (e.g. `auth`; distribution "Configuring a registry", docs/configuration.md),
 * and waits until /v2/ answers at all: 200 without auth, 401 with a challenge under token auth.
 */
export async function startRegistry(
  dir: string,
  extra: Record<string, unknown> = {},
  storage = join(dir, 'store'),
): Promise<RunningRegistry> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    stringify({
      version: '0.1',
      log: { level: 'info' },
      storage: { filesystem: { rootdirectory: storage } },
      http: { addr: `127.0.0.1:${port}` },
      ...extra,
    }),
  );
  const logFile = join(dir, 'registry.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(DOCKER_REGISTRY, ['serve', config], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const running: RunningRegistry = { host: `127.0.0.1:${port}`, port, log, stop: () => child.kill() };
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/v2/`).then(
      () => true,
      () => false,
    );
    if (up) return running;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`docker-registry did not start:\n${log()}`);
}

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Writes a blob into an OCI layout (image-spec "Image Layout") and returns its descriptor. */
function blob(layout: string, mediaType: string, bytes: Buffer) {
  const digest = sha(bytes);
  writeFileSync(join(layout, 'blobs', 'sha256', digest), bytes);
  return { mediaType, digest: `sha256:${digest}`, size: bytes.length };
}

export interface OciLayout {
  readonly path: string;
  readonly tag: string;
  /** `sha256:…` of the image manifest that index.json names for `tag`. */
  readonly manifestDigest: string;
}

/** A one-layer image in an OCI layout at `dir/layout`, tagged `tag` in its index.json. */
export function buildOciLayout(dir: string, tag = 'v1'): OciLayout {
  const layout = join(dir, 'layout');
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'hello.txt'), 'hello from the build\n');
  execFileSync('tar', ['-czf', join(dir, 'layer.tar.gz'), '-C', dir, 'hello.txt']);
  const layerGz = readFileSync(join(dir, 'layer.tar.gz'));
  const diffId = `sha256:${sha(execFileSync('gzip', ['-dc', join(dir, 'layer.tar.gz')]))}`;
  const config = blob(
    layout,
    'application/vnd.oci.image.config.v1+json',
    Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId] } }),
    ),
  );
  const layer = blob(layout, 'application/vnd.oci.image.layer.v1.tar+gzip', layerGz);
  const manifest = blob(
    layout,
    'application/vnd.oci.image.manifest.v1+json',
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config,
        layers: [layer],
      }),
    ),
  );
  writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return { path: layout, tag, manifestDigest: manifest.digest };
}

/**
 * Runs skopeo and returns its trimmed stdout (its stderr is in the error if it fails). Asynchronous,
 * so that a token service in the test process itself can answer skopeo meanwhile; the timeout turns
 * a hang into a failure.
 */
export async function skopeo(args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(SKOPEO, args, { timeout: 60_000 });
  return stdout.trim();
}

/**
 * Pushes the layout's tag to `image` (`host/name:tag`), keeping the manifest bytes, hence its digest
 * (`--preserve-digests`). The registry is plain HTTP on the loopback: `--dest-tls-verify=false`.
 */
export async function pushLayout(layout: OciLayout, image: string, creds?: string): Promise<void> {
  await skopeo([
    'copy',
    '--preserve-digests',
    '--dest-tls-verify=false',
    ...(creds === undefined ? [] : ['--dest-creds', creds]),
    `oci:${layout.path}:${layout.tag}`,
    `docker://${image}`,
  ]);
}
