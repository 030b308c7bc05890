import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { S3Client, _Object } from '@aws-sdk/client-s3';
import { EvidentError } from '../../../core/errors.ts';
import { mergeRunning, type ReporterResult, type RunningArtifact } from '../reporterResult.ts';
import {
  awsErrorCode,
  awsFailure,
  awsHttpStatus,
  base64Sha256ToHex,
  clientConfig,
  endpointOf,
  guarded,
  mapLimit,
  uniqueSkipped,
  type AwsCall,
  type AwsOptions,
} from './awsCommon.ts';

export interface S3Options extends AwsOptions {
  readonly bucket: string;
  /** Only the keys that start with this (ListObjectsV2 `prefix`). */
  readonly prefix?: string;
  /** Path-style requests (`endpoint/bucket/key`), for S3-compatible stores and tests. */
  readonly forcePathStyle?: boolean;
  /** More objects than this under the prefix is an error: narrow the prefix. Default 10,000. */
  readonly maxObjects?: number;
  /** An object that has to be downloaded to be hashed and is larger than this is skipped. Default 5 GiB. */
  readonly maxObjectBytes?: number;
}

export const DEFAULT_MAX_OBJECTS = 10_000;
export const DEFAULT_MAX_OBJECT_BYTES = 5 * 1024 ** 3;
/** Objects hashed at once: each is one HeadObject or one streamed GetObject. */
const CONCURRENT_OBJECTS = 4;

type Seen = RunningArtifact | { name: string; reason: string };

/**
 * The objects under a prefix of an S3 bucket (a static site, a bucket of release artifacts), each
 * named by its key and fingerprinted by the SHA-256 of its bytes — what `sha256sum` prints in CI.
 *
 * ListObjectsV2 page by page (S3 API Reference, ListObjectsV2: `continuation-token`, until
 * `IsTruncated` is false). An object's SHA-256 is taken, in this order of preference:
 * - from S3: when the listing says the object has a SHA256 checksum (`ChecksumAlgorithm`), HeadObject
 *   with `x-amz-checksum-mode: ENABLED` returns it (`x-amz-checksum-sha256`, base64). It is used only
 *   when `x-amz-checksum-type` is FULL_OBJECT: a COMPOSITE checksum of a multipart upload is a hash of
 *   the parts' hashes, not of the object (S3 User Guide, "Checking object integrity", "Using
 *   part-level checksums for multipart uploads");
 * - else by downloading the object (GetObject) and hashing the stream. The ETag is never used: it is
 *   an MD5, and for multipart uploads or SSE-KMS not even that of the object.
 * Objects that would have to be downloaded and are larger than maxObjectBytes are skipped, as are
 * zero-byte keys ending in `/` (the console's folder markers). Instances: 1 per object.
 * IAM: s3:ListBucket on the bucket, s3:GetObject on the objects (and kms:Decrypt for SSE-KMS).
 */
export async function s3RunningArtifacts(options: S3Options): Promise<ReporterResult> {
  const { S3Client, paginateListObjectsV2 } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    ...clientConfig(options),
    forcePathStyle: options.forcePathStyle ?? false,
    // A bucket in another Region answers 301 PermanentRedirect; the SDK can follow it.
    followRegionRedirects: true,
  });
  try {
    const endpoint = await endpointOf(options, 's3', client.config.region);
    const { bucket } = options;
    const maxObjects = options.maxObjects ?? DEFAULT_MAX_OBJECTS;
    const objects: _Object[] = [];
    const list: AwsCall = {
      service: 'S3',
      action: 's3:ListBucket',
      endpoint,
      resource: `bucket "${bucket}"`,
    };
    await guarded(list, async () => {
      const pages = paginateListObjectsV2(
        { client, pageSize: 1000 },
        { Bucket: bucket, ...(options.prefix !== undefined && { Prefix: options.prefix }) },
      );
      for await (const page of pages) {
        objects.push(...(page.Contents ?? []));
        if (objects.length > maxObjects) {
          throw new EvidentError(
            'bad_request',
            `more than ${maxObjects} objects in bucket "${bucket}" under prefix "${options.prefix ?? ''}": ` +
              `narrow the prefix or raise the limit`,
            { bucket, maxObjects },
          );
        }
      }
    });

    const reader = new ObjectReader(
      client,
      bucket,
      endpoint,
      options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    );
    const seen = await mapLimit(objects, CONCURRENT_OBJECTS, (object) => reader.read(object));
    const artifacts = seen.filter((s): s is RunningArtifact => !('reason' in s));
    const skipped = seen.filter((s) => 'reason' in s);
    return { artifacts: mergeRunning(artifacts), skipped: uniqueSkipped(skipped) };
  } finally {
    client.destroy();
  }
}

/** Reads one listed object's SHA-256, from S3's checksum or by hashing its bytes. */
class ObjectReader {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly endpoint: string,
    private readonly maxBytes: number,
  ) {}

  async read(object: _Object): Promise<Seen> {
    const key = object.Key ?? '';
    const size = object.Size ?? 0;
    if (key.endsWith('/') && size === 0) {
      return { name: key, reason: 'folder marker (empty key ending in "/")' };
    }
    const call: AwsCall = {
      service: 'S3',
      action: 's3:GetObject',
      endpoint: this.endpoint,
      resource: `object "${key}" in bucket "${this.bucket}"`,
    };
    try {
      if (object.ChecksumAlgorithm?.includes('SHA256')) {
        const fromS3 = await this.storedSha256(key);
        if (fromS3 !== undefined) return { name: key, fingerprint: fromS3, instances: 1 };
      }
      if (size > this.maxBytes) return { name: key, reason: tooLarge(size, this.maxBytes) };
      return await this.hashed(key);
    } catch (error) {
      // Deleted between the listing and the read: no longer there to report.
      if (awsErrorCode(error) === 'NoSuchKey' || awsHttpStatus(error) === 404) {
        return { name: key, reason: 'deleted while being read' };
      }
      throw awsFailure(error, call);
    }
  }

  /** The object's full-object SHA-256 as S3 stored it, in hex, or undefined if it has none. */
  private async storedSha256(key: string): Promise<string | undefined> {
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    const head = await this.client.send(
      new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }),
    );
    return head.ChecksumType === 'FULL_OBJECT' ? base64Sha256ToHex(head.ChecksumSHA256) : undefined;
  }

  /** Downloads the object and hashes it, never holding more than a chunk in memory. */
  private async hashed(key: string): Promise<Seen> {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const got = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = got.Body;
    if (!(body instanceof Readable)) throw new Error(`S3 GetObject of "${key}" returned no Node.js stream`);
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      // The object may have grown since it was listed: the cap holds for what is actually read.
      if (bytes > this.maxBytes) {
        body.destroy();
        return { name: key, reason: tooLarge(bytes, this.maxBytes) };
      }
      hash.update(chunk);
    }
    return { name: key, fingerprint: hash.digest('hex'), instances: 1 };
  }
}

function tooLarge(size: number, max: number): string {
  return (
    `${size} bytes is over the ${max}-byte limit for downloading to hash; upload it with a full-object ` +
    `SHA-256 checksum (--checksum-algorithm SHA256) so S3 holds the digest`
  );
}
