import type { FunctionCodeLocation, FunctionConfiguration } from '@aws-sdk/client-lambda';
import { mergeRunning, type ReporterResult, type RunningArtifact } from '../reporterResult.ts';
import {
  awsErrorCode,
  awsFailure,
  base64Sha256ToHex,
  clientConfig,
  endpointOf,
  guarded,
  mapLimit,
  uniqueSkipped,
  type AwsCall,
  type AwsOptions,
} from './awsCommon.ts';

export interface LambdaOptions extends AwsOptions {
  /** Only these functions (names or ARNs); one not found is skipped with the reason. */
  readonly functionNames?: readonly string[];
  /** Only functions whose name starts with this. */
  readonly prefix?: string;
  /**
   * Report the version this alias points to, named `NAME:ALIAS`, instead of `$LATEST` under the plain
   * name; a function without the alias is skipped. For setups that invoke through an alias (`live`).
   */
  readonly alias?: string;
}

/** GetFunction calls at once: Lambda's control-plane limits are per account (API Reference, Quotas). */
const CONCURRENT_GETS = 4;

type Seen = RunningArtifact | { name: string; reason: string };

/**
 * The code deployed as the account's Lambda functions in a Region.
 *
 * ListFunctions page by page (API Reference, ListFunctions: `Marker`/`NextMarker`) lists each
 * function's unpublished version, `$LATEST`, which is what invoking the plain name runs: the artifact
 * is named by the function name alone. With `alias`, GetFunction with that Qualifier is asked instead
 * and the artifact is named `NAME:ALIAS`.
 *
 * The fingerprint, by package type (FunctionConfiguration `PackageType`):
 * - Zip: `CodeSha256`, "the SHA256 hash of the function's deployment package" (API Reference,
 *   FunctionConfiguration). The reference does not name the encoding; it is base64 of the raw digest
 *   of the .zip as uploaded ("Base64-encoded representation of raw SHA-256 sum of the zip file", the
 *   Terraform and Pulumi AWS providers' `code_sha256`, compared with `filebase64sha256`). Turned to
 *   hex here, it equals `sha256sum function.zip` in CI. A value that is not base64 of 32 bytes is
 *   skipped with the reason rather than guessed at.
 * - Image: GetFunction's `Code.ResolvedImageUri`, the image pinned by digest (`repo@sha256:…`) that
 *   Lambda resolved from `ImageUri`: the manifest digest CI reports for the pushed image.
 * Instances: always 1 (Lambda scales invisibly; one deployed package is one artifact).
 * IAM: lambda:ListFunctions, and lambda:GetFunction for image functions or with `alias`.
 */
export async function lambdaRunningArtifacts(options: LambdaOptions = {}): Promise<ReporterResult> {
  const { GetFunctionCommand, LambdaClient, paginateListFunctions } = await import('@aws-sdk/client-lambda');
  const client = new LambdaClient(clientConfig(options));
  try {
    const endpoint = await endpointOf(options, 'lambda', client.config.region);
    const call = (action: string, resource: string): AwsCall => ({
      service: 'Lambda',
      action,
      endpoint,
      resource,
    });

    const wanted = options.functionNames?.length ? new Set(options.functionNames) : undefined;
    const found = new Set<string>();
    const functions: FunctionConfiguration[] = [];
    await guarded(call('lambda:ListFunctions', 'the functions of the Region'), async () => {
      for await (const page of paginateListFunctions({ client, pageSize: 50 }, {})) {
        for (const fn of page.Functions ?? []) {
          const name = fn.FunctionName ?? '';
          if (options.prefix !== undefined && !name.startsWith(options.prefix)) continue;
          if (wanted !== undefined) {
            const keys = [name, fn.FunctionArn ?? ''].filter((k) => wanted.has(k));
            if (keys.length === 0) continue;
            for (const key of keys) found.add(key);
          }
          functions.push(fn);
        }
      }
    });

    const { alias } = options;
    const seen = await mapLimit(functions, CONCURRENT_GETS, async (listed): Promise<Seen> => {
      const name = listed.FunctionName ?? '?';
      if (alias === undefined && listed.PackageType !== 'Image') return fingerprintOf(name, listed);
      const label = alias === undefined ? name : `${name}:${alias}`;
      const get = call('lambda:GetFunction', `function "${label}"`);
      try {
        const got = await client.send(
          new GetFunctionCommand({ FunctionName: name, ...(alias !== undefined && { Qualifier: alias }) }),
        );
        return fingerprintOf(label, got.Configuration ?? listed, got.Code);
      } catch (error) {
        // No such alias on this function (or it was deleted since the listing): nothing runs under that name.
        if (alias !== undefined && awsErrorCode(error) === 'ResourceNotFoundException') {
          return {
            name: label,
            reason: `no alias "${alias}" (or the function was deleted since the listing)`,
          };
        }
        throw awsFailure(error, get);
      }
    });
    const missing = [...(wanted ?? [])]
      .filter((name) => !found.has(name))
      .map((name) => ({ name, reason: 'no such function in the Region' }));
    const artifacts = seen.filter((s): s is RunningArtifact => !('reason' in s));
    const skipped = [...seen.filter((s) => 'reason' in s), ...missing];
    return { artifacts: mergeRunning(artifacts), skipped: uniqueSkipped(skipped) };
  } finally {
    client.destroy();
  }
}

/** A function's fingerprint from its configuration (and, for images, its code location). */
function fingerprintOf(name: string, config: FunctionConfiguration, code?: FunctionCodeLocation): Seen {
  if (config.PackageType === 'Image') {
    const resolved = code?.ResolvedImageUri;
    const match = resolved === undefined ? null : /@sha256:([a-f0-9]{64})$/.exec(resolved);
    if (match?.[1] === undefined) {
      return { name, reason: `image function without a resolved image digest (${resolved ?? 'none yet'})` };
    }
    return { name, fingerprint: match[1], instances: 1 };
  }
  const fingerprint = base64Sha256ToHex(config.CodeSha256);
  if (fingerprint === undefined) {
    return { name, reason: `CodeSha256 "${config.CodeSha256 ?? ''}" is not a base64 SHA-256` };
  }
  return { name, fingerprint, instances: 1 };
}
