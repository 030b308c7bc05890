import { EvidentError } from '../errors.ts';
import { documentShape } from './documentShape.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import { checkName } from './names.ts';
import { parseSourceDocument } from './sourceDocument.ts';

/**
 * A flow template (DESIGN §4): which attestations a trail, and each named artifact in it, must have.
 *
 * ```yaml
 * version: 1
 * trail:
 *   attestations: [{ name: pull-request, type: pull_request }]
 *   artifacts:
 *     - name: api-image
 *       attestations:
 *         - { name: unit-tests, type: junit }
 *         - { name: sast, type: sarif, params: { failOn: error } }
 * ```
 */
export interface FlowTemplate {
  readonly version: 1;
  readonly trail: {
    readonly attestations: readonly AttestationRequirement[];
    readonly artifacts: readonly ArtifactRequirement[];
  };
}

export interface AttestationRequirement {
  readonly name: string;
  /** `junit`, `sarif`, …, or `custom:<type>`. */
  readonly type: string;
  readonly params?: JsonValue;
}

export interface ArtifactRequirement {
  readonly name: string;
  readonly attestations: readonly AttestationRequirement[];
}

export const MAX_TEMPLATE_LENGTH = 64 * 1024;

/** Checks a type name and its template params; provided by the compliance registry. */
export type TypeCheck = (type: string, params: unknown) => void;

const shape = documentShape('template');
const { record, list } = shape;
// Annotated so that calls narrow types (TypeScript needs an explicit type on assertion functions).
const bad: (message: string) => never = shape.bad;

function requirements(value: unknown, where: string, checkType: TypeCheck): AttestationRequirement[] {
  const seen = new Set<string>();
  return list(value, where).map((item, i) => {
    const at = `${where}[${i}]`;
    const { name, type, params } = record(item, at, ['name', 'type', 'params']);
    if (typeof name !== 'string') bad(`${at}.name must be a string`);
    if (typeof type !== 'string') bad(`${at}.type must be a string`);
    checkName(`${at} attestation`, name);
    if (seen.has(name)) bad(`${where} names attestation "${name}" twice`);
    seen.add(name);
    try {
      checkType(type, params);
    } catch (error) {
      if (error instanceof EvidentError) bad(`${at} (${name}): ${error.message}`);
      throw error;
    }
    return { name, type, ...(params !== undefined && { params: params as JsonValue }) };
  });
}

/** Parses and validates a template written in YAML or JSON. Throws EvidentError('bad_request'). */
export function parseTemplate(source: string, checkType: TypeCheck): FlowTemplate {
  return checkTemplate(parseSourceDocument('template', source, MAX_TEMPLATE_LENGTH), checkType);
}

/** Validates a template given as a value (e.g. from the ledger or a JSON body). */
export function checkTemplate(value: unknown, checkType: TypeCheck): FlowTemplate {
  const { version, trail } = record(value, 'the template', ['version', 'trail']);
  if (version !== 1) bad('version must be 1');
  const body = record(trail ?? {}, 'trail', ['attestations', 'artifacts']);
  const names = new Set<string>();
  const artifacts = list(body.artifacts, 'trail.artifacts').map((item, i) => {
    const at = `trail.artifacts[${i}]`;
    const { name, attestations } = record(item, at, ['name', 'attestations']);
    if (typeof name !== 'string') bad(`${at}.name must be a string`);
    checkName(`${at} artifact`, name);
    if (names.has(name)) bad(`artifact "${name}" appears twice`);
    names.add(name);
    return { name, attestations: requirements(attestations, `${at}.attestations`, checkType) };
  });
  return {
    version: 1,
    trail: { attestations: requirements(body.attestations, 'trail.attestations', checkType), artifacts },
  };
}
