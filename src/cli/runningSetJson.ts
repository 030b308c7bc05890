import { EvidentError, messageOf } from '../core/errors.ts';
import { normaliseSha256 } from '../core/model/trail.ts';
import { mergeRunning, type RunningArtifact } from './reporters/reporterResult.ts';

/** The server's bounds (PUT …/snapshot), checked here so that the message can name the entry. */
const MAX_ARTIFACTS = 5000;
const MAX_NAME_LENGTH = 512;
const MAX_INSTANCES = 1_000_000;
const KEYS = ['name', 'fingerprint', 'instances'];

/**
 * The running set of `evident snapshot json`: `{"artifacts":[{"name","fingerprint","instances"}]}`
 * or the bare list, as any home-grown reporter (a script, a deploy tool) writes it. `instances`
 * defaults to 1. Checked strictly, each error naming the entry and key, because a typo such as
 * `"fingerprnt"` would otherwise reach the server as an opaque schema error.
 */
export function runningSetFromJson(text: string, source: string): RunningArtifact[] {
  // Annotated so that calls narrow types (TypeScript needs an explicit type on never-returning calls).
  const bad: (message: string) => never = (message) => {
    throw new EvidentError('bad_request', `${source}: ${message}`);
  };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    bad(`not JSON: ${messageOf(error)}`);
  }
  const list: unknown = isObject(document) ? document.artifacts : document;
  if (!Array.isArray(list) || (isObject(document) && Object.keys(document).length > 1))
    bad('expected {"artifacts": [{"name", "fingerprint", "instances"}, …]} or a list of artifacts');
  if (list.length > MAX_ARTIFACTS) bad(`${list.length} artifacts; a snapshot lists at most ${MAX_ARTIFACTS}`);
  return mergeRunning(list.map((entry: unknown, i) => checkEntry(entry, `artifacts[${i}]`, bad)));
}

function checkEntry(entry: unknown, where: string, bad: (message: string) => never): RunningArtifact {
  if (!isObject(entry)) bad(`${where} must be an object with "name" and "fingerprint"`);
  const unknown = Object.keys(entry).find((key) => !KEYS.includes(key));
  if (unknown !== undefined) bad(`${where}: unknown key "${unknown}"; allowed: ${KEYS.join(', ')}`);
  const { name, fingerprint, instances = 1 } = entry;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH)
    bad(`${where}.name must be a string of 1 to ${MAX_NAME_LENGTH} characters`);
  const hex = typeof fingerprint === 'string' ? normaliseSha256(fingerprint) : undefined;
  if (hex === undefined) bad(`${where}.fingerprint must be a SHA-256 (64 hex digits, "sha256:" allowed)`);
  if (
    typeof instances !== 'number' ||
    !Number.isInteger(instances) ||
    instances < 1 ||
    instances > MAX_INSTANCES
  )
    bad(`${where}.instances must be a whole number from 1 to ${MAX_INSTANCES}`);
  return { name: name.trim(), fingerprint: hex, instances };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
