// Loads the real tool outputs in /work/shared/samples/<dir>/ (a sibling of the repository) for the
// evaluator tests, and checks each file's size and SHA-256 against the "Checksums" table at the end
// of /work/shared/samples/README.md, so that a re-encoded or edited sample fails loudly. Every file
// of the directory must be listed there, and every listed file must exist.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { EvidenceFile } from '../evaluation.ts';

export const SAMPLES_URL = new URL('../../../../../shared/samples/', import.meta.url);

function checksums(): Map<string, { bytes: number; sha256: string }> {
  const readme = readFileSync(new URL('README.md', SAMPLES_URL), 'utf8');
  const section = readme.slice(readme.indexOf('## Checksums'));
  const rows = new Map<string, { bytes: number; sha256: string }>();
  for (const [, path, bytes, sha256] of section.matchAll(
    /^\| `([^`]+)` \| (\d+) \| `([0-9a-f]{64})` \|$/gm,
  )) {
    if (path !== undefined && sha256 !== undefined) rows.set(path, { bytes: Number(bytes), sha256 });
  }
  return rows;
}

/** Every file of `samples/<dir>/`, by file name, verified against the README checksums. */
export function loadSamples(dir: 'sarif' | 'trivy' | 'snyk'): Map<string, EvidenceFile> {
  const table = checksums();
  const listed = [...table.keys()].filter((k) => k.startsWith(`${dir}/`)).sort();
  const names = readdirSync(new URL(`${dir}/`, SAMPLES_URL)).sort();
  assert.deepEqual(
    names.map((n) => `${dir}/${n}`),
    listed,
    `samples/${dir}/ and the README checksum table list the same files`,
  );
  const files = new Map<string, EvidenceFile>();
  for (const name of names) {
    const bytes = new Uint8Array(readFileSync(new URL(`${dir}/${name}`, SAMPLES_URL)));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const row = table.get(`${dir}/${name}`);
    assert.ok(row, `${dir}/${name} is listed`);
    assert.equal(bytes.length, row.bytes, `${dir}/${name} size`);
    assert.equal(sha256, row.sha256, `${dir}/${name} sha256`);
    files.set(name, { name, sha256, bytes });
  }
  return files;
}

/** An in-memory evidence file (synthetic tests). */
export function evidence(name: string, content: string | Uint8Array): EvidenceFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}
