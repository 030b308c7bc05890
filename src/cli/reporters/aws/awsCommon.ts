import { EvidentError, messageOf } from '../../../core/errors.ts';

/**
 * What the AWS reporters share: client options, the mapping of SDK errors to Evident's codes, and
 * small helpers. Nothing here loads the AWS SDK: each reporter imports its client dynamically, so the
 * CLI's start-up never pays for it.
 */

export interface AwsOptions {
  /** The AWS Region, e.g. `eu-west-1`; by default the SDK's (AWS_REGION, the profile's `region`). */
  readonly region?: string;
  /** The service endpoint URL, for tests and AWS-compatible services; by default the Region's. */
  readonly endpoint?: string;
}

/**
 * Client configuration from the options. Credentials are deliberately not an option: the SDK's
 * default provider chain finds them (environment, shared config and credentials files, SSO, web
 * identity, container and instance roles), so no secret passes through Evident's arguments or logs.
 */
export function clientConfig(options: AwsOptions): { region?: string; endpoint?: string } {
  return {
    ...(options.region !== undefined && { region: options.region }),
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
  };
}

/**
 * The endpoint a client talks to, for messages: the configured one, else the Region's public
 * endpoint (AWS General Reference, "Service endpoints": `https://<service>.<region>.amazonaws.com`).
 * Resolving the Region here turns the SDK's bare "Region is missing" into a message saying what to do.
 */
export async function endpointOf(
  options: AwsOptions,
  hostPrefix: string,
  region: () => Promise<string>,
): Promise<string> {
  let resolved: string;
  try {
    resolved = await region();
  } catch (error) {
    throw new EvidentError(
      'bad_request',
      `no AWS Region: pass a region or set AWS_REGION (${messageOf(error)})`,
    );
  }
  return options.endpoint ?? `https://${hostPrefix}.${resolved}.amazonaws.com`;
}

/** One AWS call, described for error messages. */
export interface AwsCall {
  /** `ECS`, `Lambda`, `S3`. */
  readonly service: string;
  /** The IAM action the call needs, e.g. `ecs:ListTasks` (Service Authorization Reference). */
  readonly action: string;
  readonly endpoint: string;
  /** What was asked for, e.g. `cluster "prod"`. */
  readonly resource: string;
}

// Error codes as the services send them: the SDK puts the code in `error.name`. Sources: "Common
// Errors" of the ECS and Lambda API references and the S3 "Error responses" list. `Forbidden` and
// `NotFound` are the SDK's names for a 403 or 404 without a body (HeadObject's answers have none).
// The principal is known but lacks the permission.
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'Forbidden', 'AllAccessDisabled']);
// The credentials themselves were not accepted: unknown key, wrong secret, bad or missing signature.
const REJECTED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidToken',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const NOT_FOUND = new Set([
  'ClusterNotFoundException',
  'ServiceNotFoundException',
  'ResourceNotFoundException',
  'NoSuchBucket',
  'NoSuchKey',
  'NotFound',
]);
const UNAVAILABLE = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServerException',
  'ServiceException',
  'InternalError',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
]);
// Node's socket errors (and the SDK's own timeouts above): the endpoint could not be reached at all.
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

interface SdkErrorFields {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

/** The service's error code, as the SDK names it: `error.name`, or the socket error's `code`. */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as SdkErrorFields;
  if (typeof code === 'string' && NETWORK.has(code)) return code;
  return typeof name === 'string' ? name : undefined;
}

/** The HTTP status of a service's error answer, or undefined when no answer came back. */
export function awsHttpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as SdkErrorFields).$metadata?.httpStatusCode;
}

/**
 * An SDK error as an EvidentError naming the call: refused credentials → 'unauthorized' with the IAM
 * action needed; a missing cluster, bucket, service or function → 'not_found'; no answer, throttling
 * or a server fault → 'unavailable' with the endpoint; any other refusal → 'bad_request'. The
 * service's own message is kept (it says which principal lacked which permission) but never the
 * request: credentials and signatures are not in SDK error messages, and nothing else is added.
 * Errors that come from neither the SDK nor the network (bugs) are returned as they are.
 */
export function awsFailure(error: unknown, call: AwsCall): Error {
  if (error instanceof EvidentError) return error;
  const code = awsErrorCode(error) ?? 'Error';
  const status = awsHttpStatus(error);
  const said = messageOf(error).slice(0, 500);
  const details = {
    service: call.service,
    action: call.action,
    endpoint: call.endpoint,
    awsCode: code,
    ...(status !== undefined && { httpStatus: status }),
    ...(typeof error === 'object' &&
      error !== null &&
      (error as SdkErrorFields).$metadata?.requestId !== undefined && {
        requestId: (error as SdkErrorFields).$metadata?.requestId,
      }),
  };
  if (code === 'CredentialsProviderError') {
    return new EvidentError(
      'unauthorized',
      `no AWS credentials for ${call.service}: set them up for the SDK's default chain (environment, ` +
        `~/.aws/credentials or config profile, SSO, container or instance role) (${said})`,
      details,
    );
  }
  if (EXPIRED.has(code)) {
    return new EvidentError(
      'unauthorized',
      `${call.service} refused ${call.action}: the AWS credentials have expired (${code}); refresh them ` +
        `(a new session, aws sso login) and try again`,
      details,
    );
  }
  if (REJECTED.has(code)) {
    return new EvidentError(
      'unauthorized',
      `${call.service} did not accept the AWS credentials for ${call.action} on ${call.resource} (${code}): ` +
        `check the access key, secret and session token the SDK's default chain found: ${said}`,
      details,
    );
  }
  if (DENIED.has(code) || status === 401 || status === 403) {
    return new EvidentError(
      'unauthorized',
      `${call.service} refused ${call.action} on ${call.resource} (${code}): the credentials need the IAM ` +
        `permission ${call.action}: ${said}`,
      details,
    );
  }
  if (NOT_FOUND.has(code) || status === 404) {
    return new EvidentError(
      'not_found',
      `${call.resource} not found at ${call.endpoint} (${code}): check the name and the Region: ${said}`,
      details,
    );
  }
  if (NETWORK.has(code) || UNAVAILABLE.has(code) || (status !== undefined && status >= 500)) {
    return new EvidentError(
      'unavailable',
      `cannot get an answer from ${call.service} at ${call.endpoint} for ${call.action} (${code}): ${said}`,
      details,
    );
  }
  if (status !== undefined) {
    return new EvidentError(
      'bad_request',
      `${call.service} rejected ${call.action} on ${call.resource} (${code}, HTTP ${status}): ${said}`,
      details,
    );
  }
  return error instanceof Error ? error : new Error(said);
}

/** Runs one AWS call (or a paginated series), mapping what it throws with awsFailure. */
export async function guarded<T>(call: AwsCall, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw awsFailure(error, call);
  }
}

/**
 * A SHA-256 written in base64, as AWS sends Lambda's CodeSha256 and S3's x-amz-checksum-sha256, as 64
 * lowercase hex digits (Evident's spelling, the one `sha256sum` prints). Undefined unless it is
 * canonical base64 of exactly 32 bytes: a composite S3 checksum (`…-3`) or garbage is not a digest.
 */
export function base64Sha256ToHex(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== value) return undefined;
  return bytes.toString('hex');
}

/** Runs `run` over the items with at most `limit` at once, keeping the items' order in the results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  // One iterator shared by the workers: each takes the next item when it is free.
  const queue = items.entries();
  const worker = async (): Promise<void> => {
    for (const [index, item] of queue) results[index] = await run(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Skipped entries without repeats (every pending container of a service says the same), sorted by
 * name then reason in byte order, like the running set (mergeRunning): never locale-dependent.
 */
export function uniqueSkipped(
  skipped: readonly { readonly name: string; readonly reason: string }[],
): { name: string; reason: string }[] {
  const seen = new Map<string, { name: string; reason: string }>();
  for (const entry of skipped) seen.set(`${entry.name}\u0000${entry.reason}`, { ...entry });
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...seen.values()].sort((a, b) => order(a.name, b.name) || order(a.reason, b.reason));
}
