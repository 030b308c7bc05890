import { parse as parseYaml } from 'yaml';
import type { AnySchema, ValidateFunction } from 'ajv';
import { EvidentError, messageOf } from '../../errors.ts';
import { compileRule, MAX_RULES } from './celRule.ts';
import type { CompiledRule } from './celRule.ts';
import { DRAFT_07, DRAFT_2020_12, createAjv, schemaSafetyProblem } from './jsonSchema.ts';
import { jsonLimitProblem } from './jsonBounds.ts';
import type { JsonLimits } from './jsonBounds.ts';

/**
 * A user-defined attestation type (DESIGN §4 "custom attestation type"), used as `custom:<name>`:
 *
 * ```yaml
 * name: coverage                 # [a-z][a-z0-9-]{0,62}
 * version: 1                     # optional, a whole number ≥ 1 (default 1)
 * description: Line coverage     # optional
 * schema: { type: object, required: [line], properties: { line: { type: number } } }
 * rules: [ "data.line >= 80.0" ] # CEL, all must hold; at most 50, each at most 2,000 characters
 * ```
 *
 * `schema` is JSON Schema draft 2020-12 (or draft-07 when `$schema` says so), compiled by ajv in
 * strict mode; only local `$ref`s. Rules see `data` and `evidence` (celRule.ts).
 */
export interface CustomType {
  readonly name: string;
  readonly version: number;
  readonly description: string | undefined;
  /** The schema as written (plain JSON). */
  readonly schema: AnySchema;
  readonly validate: ValidateFunction;
  readonly rules: readonly CompiledRule[];
}

/** Longest definition source accepted. */
export const MAX_DEFINITION_LENGTH = 256 * 1024;
/** Most YAML aliases expanded (billion-laughs defence: `yaml`'s default is 100). */
const MAX_YAML_ALIASES = 10;
const MAX_DESCRIPTION_LENGTH = 4096;
const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const KEYS = new Set(['name', 'version', 'description', 'schema', 'rules']);
const DEFINITION_LIMITS: JsonLimits = {
  maxDepth: 64,
  maxValues: 20_000,
  maxStringLength: 16_384,
  maxTotalStringLength: MAX_DEFINITION_LENGTH,
};

function bad(message: string): never {
  throw new EvidentError('bad_request', `custom type: ${message}`);
}

/** YAML 1.2 core schema (no custom tags, no merge keys), or JSON when the source is an object. */
function parseSource(source: string): unknown {
  if (source.length > MAX_DEFINITION_LENGTH)
    bad(`the definition is longer than ${MAX_DEFINITION_LENGTH} characters`);
  try {
    if (source.trimStart().startsWith('{')) return JSON.parse(source);
    return parseYaml(source, {
      schema: 'core',
      merge: false,
      uniqueKeys: true,
      maxAliasCount: MAX_YAML_ALIASES,
      prettyErrors: false,
    });
  } catch (error) {
    return bad(`the definition is not valid YAML or JSON: ${messageOf(error).split('\n')[0] ?? ''}`);
  }
}

function draftOf(schema: unknown): 'draft-2020-12' | 'draft-07' {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return 'draft-2020-12';
  const declared = (schema as { $schema?: unknown }).$schema;
  if (declared === undefined) return 'draft-2020-12';
  if (typeof declared === 'string') {
    const uri = declared.replace(/#$/, '');
    if (uri === DRAFT_2020_12) return 'draft-2020-12';
    if (uri === DRAFT_07 || uri === DRAFT_07.replace('http:', 'https:')) return 'draft-07';
  }
  return bad(`schema: $schema must be "${DRAFT_2020_12}" or "${DRAFT_07}#"`);
}

function compileSchema(schema: unknown): ValidateFunction {
  if (
    typeof schema !== 'boolean' &&
    (typeof schema !== 'object' || schema === null || Array.isArray(schema))
  ) {
    bad('schema must be a JSON Schema (an object or true/false)');
  }
  const unsafe = schemaSafetyProblem(schema);
  if (unsafe !== undefined) bad(`schema: ${unsafe}`);
  const ajv = createAjv(draftOf(schema));
  try {
    return ajv.compile(schema as AnySchema);
  } catch (error) {
    return bad(`schema does not compile: ${messageOf(error)}`);
  }
}

/** Parses and validates a custom type definition; throws EvidentError('bad_request') naming the problem. */
export function parseCustomType(source: string): CustomType {
  const definition = parseSource(source);
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    bad('the definition must be a mapping with name, schema and rules');
  }
  const limit = jsonLimitProblem(definition, DEFINITION_LIMITS);
  if (limit !== undefined) bad(`the definition ${limit}`);
  const record = definition as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.has(key))
      bad(`unknown key ${JSON.stringify(key)} (allowed: name, version, description, schema, rules)`);
  }
  const { name, version, description, schema, rules } = record;
  if (typeof name !== 'string' || !NAME.test(name)) {
    bad('name must be lowercase letters, digits and "-", starting with a letter, at most 63 characters');
  }
  if (
    version !== undefined &&
    (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)
  ) {
    bad('version must be a whole number, 1 or more');
  }
  if (
    description !== undefined &&
    (typeof description !== 'string' || description.length > MAX_DESCRIPTION_LENGTH)
  ) {
    bad(`description must be text of at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  if (schema === undefined) bad('schema is required (a JSON Schema for the attestation data)');
  if (!Array.isArray(rules)) bad('rules must be a list of CEL expressions');
  if (rules.length > MAX_RULES) bad(`there are ${rules.length} rules, at most ${MAX_RULES} are allowed`);
  const validate = compileSchema(schema);
  const compiled = (rules as unknown[]).map((rule, index) => {
    if (typeof rule !== 'string') bad(`rule ${index + 1} must be a string (a CEL expression)`);
    return compileRule(index + 1, rule);
  });
  return {
    name,
    version: version ?? 1,
    description,
    schema: schema as AnySchema,
    validate,
    rules: compiled,
  };
}
