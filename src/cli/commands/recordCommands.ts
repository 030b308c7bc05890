import { joinReasons } from '../output.ts';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { EvidentError } from '../../core/errors.ts';
import type { JsonValue } from '../../core/ledger/canonicalJson.ts';
import { fileSha256 } from '../../fingerprint/fileDigest.ts';
import { detectCiContext } from '../context/ciContext.ts';
import { trailCommit } from '../context/trailCommit.ts';
import { fingerprintOf, type FingerprintType } from '../fingerprintOf.ts';
import { Recorder } from '../recorder.ts';
import { resolveSettings, type Settings } from '../settings.ts';

type Options = Record<string, unknown>;
/** A string option, or undefined when it was not given. */
export const text = (options: Options, name: string) =>
  typeof options[name] === 'string' ? options[name] : undefined;
/** A variadic option (`--namespace a b`), or undefined when it was not given. */
export const texts = (options: Options, name: string) =>
  Array.isArray(options[name]) ? (options[name] as string[]) : undefined;

/** A write's outcome: the human line (a list item in markdown), or the server's answer as JSON. */
export function print(settings: Settings, human: string, value: unknown): void {
  const text =
    settings.output === 'json'
      ? JSON.stringify(value ?? null, null, 2)
      : settings.output === 'markdown'
        ? `- ${human.replace(/NOT compliant/, '**NOT compliant**')}`
        : human;
  process.stdout.write(`${text}\n`);
}

export function recorder(options: Options): { settings: Settings; recorder: Recorder } {
  const settings = resolveSettings(options, process.env);
  return { settings, recorder: new Recorder(settings, (line) => process.stderr.write(`${line}\n`)) };
}

/** `evident create flow NAME` */
export async function createFlow(name: string, options: Options): Promise<void> {
  const { settings, recorder: r } = recorder(options);
  const template = text(options, 'template');
  const result = await r.write({
    method: 'PUT',
    path: `/flows/${encodeURIComponent(name)}`,
    body: {
      ...(text(options, 'description') !== undefined && { description: text(options, 'description') }),
      ...(template !== undefined && { template: readFileSync(template, 'utf8') }),
    },
  });
  r.finish();
  if (result !== undefined) print(settings, `flow ${name} saved`, result);
}

/** `evident begin trail NAME --flow F`: git facts from the local repository for the CI system's commit. */
export async function beginTrail(name: string, options: Options): Promise<void> {
  const { settings, recorder: r } = recorder(options);
  const ci = detectCiContext(process.env);
  const commit = trailCommit(
    {
      ...(text(options, 'commit') !== undefined && { sha: text(options, 'commit') }),
      ...(text(options, 'repoRoot') !== undefined && { repoRoot: text(options, 'repoRoot') }),
      redact: options.redactCommitInfo === true,
      ci,
    },
    (line) => process.stderr.write(`${line}\n`),
  );
  const result = await r.write({
    method: 'PUT',
    path: `/flows/${encodeURIComponent(flowOf(options))}/trails/${encodeURIComponent(name)}`,
    body: {
      ...(text(options, 'description') !== undefined && { description: text(options, 'description') }),
      ...(commit !== undefined && { commit }),
      ...((text(options, 'originUrl') ?? ci?.buildUrl) !== undefined && {
        originUrl: text(options, 'originUrl') ?? ci?.buildUrl,
      }),
    },
  });
  r.finish();
  if (result !== undefined) print(settings, `trail ${name} of flow ${flowOf(options)} saved`, result);
}

/** `evident attest artifact PATH --name N`: fingerprints the artifact and reports it. */
export async function attestArtifact(path: string | undefined, options: Options): Promise<void> {
  const { settings, recorder: r } = recorder(options);
  const given = text(options, 'fingerprint');
  const fingerprint =
    given ??
    (path === undefined
      ? undefined
      : await fingerprintOf(path, (text(options, 'artifactType') ?? 'file') as FingerprintType));
  if (fingerprint === undefined)
    throw new EvidentError('bad_request', 'give the artifact PATH or --fingerprint');
  const ci = detectCiContext(process.env);
  const result = await r.write({
    method: 'POST',
    path: `${trailPath(options)}/artifacts`,
    body: {
      fingerprint,
      name: required(options, 'name'),
      ...(path !== undefined && { filename: basename(path) }),
      ...((text(options, 'commit') ?? ci?.commit) !== undefined && {
        commit: text(options, 'commit') ?? ci?.commit,
      }),
      ...((text(options, 'buildUrl') ?? ci?.buildUrl) !== undefined && {
        buildUrl: text(options, 'buildUrl') ?? ci?.buildUrl,
      }),
      ...((text(options, 'repository') ?? ci?.repositoryUrl) !== undefined && {
        repository: text(options, 'repository') ?? ci?.repositoryUrl,
      }),
    },
  });
  r.finish();
  if (result !== undefined)
    print(settings, `artifact ${fingerprint} reported as ${required(options, 'name')}`, result);
}

/**
 * `evident attest TYPE [FILES…] --name N`: uploads each evidence file to the vault (by SHA-256), then
 * records the attestation; the server evaluates it from the files.
 */
export async function attestType(type: string, files: readonly string[], options: Options): Promise<void> {
  const { settings, recorder: r } = recorder(options);
  const evidence: { sha256: string; name: string }[] = [];
  for (const file of files) {
    const sha256 = await fileSha256(file);
    await r.write({
      method: 'PUT',
      path: `/evidence/${sha256}`,
      raw: { file, contentType: 'application/octet-stream' },
    });
    evidence.push({ sha256, name: basename(file) });
  }
  const dataText = text(options, 'data');
  let data: JsonValue | undefined;
  if (dataText !== undefined) {
    try {
      data = JSON.parse(
        dataText.startsWith('@') ? readFileSync(dataText.slice(1), 'utf8') : dataText,
      ) as JsonValue;
    } catch (error) {
      throw new EvidentError('bad_request', `--data is not JSON: ${String(error)}`);
    }
  }
  const fingerprint = text(options, 'artifactFingerprint');
  const artifactName = text(options, 'artifactName');
  const result = (await r.write({
    method: 'POST',
    path: `${trailPath(options)}/attestations`,
    body: {
      name: required(options, 'name'),
      type,
      ...(fingerprint !== undefined && { artifact: { fingerprint } }),
      ...(fingerprint === undefined && artifactName !== undefined && { artifact: { name: artifactName } }),
      ...(evidence.length > 0 && { evidence }),
      ...(data !== undefined && { data }),
    },
  })) as { attestation?: { compliant: boolean; reasons: string[] } } | undefined;
  r.finish();
  if (result?.attestation !== undefined) {
    const { compliant, reasons } = result.attestation;
    print(
      settings,
      `${type} attestation ${required(options, 'name')}: ${compliant ? 'compliant' : `NOT compliant: ${joinReasons(reasons)}`}`,
      result,
    );
  }
}

function flowOf(options: Options): string {
  return required(options, 'flow');
}

function trailPath(options: Options): string {
  return `/flows/${encodeURIComponent(flowOf(options))}/trails/${encodeURIComponent(required(options, 'trail'))}`;
}

export function required(options: Options, name: string): string {
  const value = text(options, name);
  if (value === undefined || value === '') {
    throw new EvidentError(
      'bad_request',
      `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is required`,
    );
  }
  return value;
}
