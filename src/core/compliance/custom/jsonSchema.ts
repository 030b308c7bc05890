import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv } from 'ajv';
import type { ErrorObject, Options, SchemaObject, ValidateFunction } from 'ajv';
import type { RegExpEngine } from 'ajv/dist/types/index.js';
import { EvidentError } from '../../errors.ts';
import { unsafeRegexReason } from './regexSafety.ts';

/** JSON Schema drafts a custom type may declare with `$schema` (2020-12 when absent). */
export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema';

/** Longest string a JSON Schema `pattern` is tested against; longer strings do not match. */
export const MAX_PATTERN_SUBJECT = 4096;

/** Most schema errors turned into reasons; the rest are counted. */
const MAX_REASONS = 10;

/**
 * ajv's `code.regExp` hook: patterns were vetted by `unsafeRegexReason` when the schema was parsed,
 * and the subject length is bounded here, so validation time stays bounded.
 */
const boundedRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    const regex = new RegExp(pattern, flags);
    // ajv caches compiled patterns by `toString()`, so it must identify the pattern.
    return {
      test: (s: string) => s.length <= MAX_PATTERN_SUBJECT && regex.test(s),
      toString: () => regex.toString(),
    };
  },
  { code: 'boundedRegExp' },
);

/**
 * ajv in strict mode (unknown keywords, formats and ambiguous types are schema errors), all errors
 * reported, no remote loading (`loadSchema` unset: a `$ref` that is not in the schema fails to
 * compile), patterns through `boundedRegExp`.
 */
export function createAjv(draft: 'draft-2020-12' | 'draft-07'): Ajv | Ajv2020 {
  const options: Options = {
    strict: true,
    // The one strict check left off: it refuses `anyOf: [{required: [a]}, {required: [b]}]`, the
    // usual way to say "a or b", because `a` is not declared in the same subschema.
    strictRequired: false,
    allErrors: true,
    code: { regExp: boundedRegExp },
  };
  return draft === 'draft-07' ? new Ajv(options) : new Ajv2020(options);
}

function where(root: string, error: ErrorObject): string {
  return `${root}${error.instancePath}`;
}

/** One plain sentence for an ajv error, naming the JSON Pointer path under `root`. */
export function schemaErrorSentence(root: string, error: ErrorObject): string {
  const { params } = error;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where(root, error)} has an unknown property ${JSON.stringify(params.additionalProperty)}.`;
    case 'required':
      return `${where(root, error)} is missing the required property ${JSON.stringify(params.missingProperty)}.`;
    case 'pattern':
      return `${where(root, error)} does not match the pattern ${JSON.stringify(params.pattern)} (or is longer than ${MAX_PATTERN_SUBJECT} characters).`;
    default:
      return `${where(root, error)} ${error.message ?? 'is invalid'}.`;
  }
}

/** Sentences for the errors of a failed validation, at most ten and a count of the rest. */
export function schemaErrorSentences(root: string, validate: ValidateFunction): string[] {
  const errors = validate.errors ?? [];
  const sentences = errors.slice(0, MAX_REASONS).map((error) => schemaErrorSentence(root, error));
  if (errors.length > MAX_REASONS) sentences.push(`… and ${errors.length - MAX_REASONS} more schema errors.`);
  if (sentences.length === 0) sentences.push(`${root} does not match the schema.`);
  return sentences;
}

/** RFC 6901 §3: `~` and `/` escaped in a JSON Pointer token. */
function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

const VALUE_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);
/** Keywords whose value maps names to subschemas: there, every key is a name, not a keyword. */
const NAME_MAP_KEYWORDS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependencies',
]);

/**
 * Checks a schema before ajv compiles it: every `$ref`/`$dynamicRef` must point inside the schema
 * (`#…`), and every `pattern` and `patternProperties` key must pass `unsafeRegexReason`. Returns
 * the problem, or undefined. Values under const/enum/default/examples are data, not schema.
 */
export function schemaSafetyProblem(schema: unknown): string | undefined {
  const stack: { node: unknown; path: string; names?: true }[] = [{ node: schema, path: '#' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, path } = item;
    if (item.names === true && node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
        stack.push({ node: value, path: `${path}/${pointerToken(key)}` });
      }
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      node.forEach((child: unknown, index) => stack.push({ node: child, path: `${path}/${index}` }));
      continue;
    }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const at = `${path}/${pointerToken(key)}`;
      if ((key === '$ref' || key === '$dynamicRef') && typeof value === 'string' && !value.startsWith('#')) {
        return `${at} is ${JSON.stringify(value)}: only references inside the schema ("#…") are allowed`;
      }
      if (key === 'pattern' && typeof value === 'string') {
        const unsafe = unsafeRegexReason(value);
        if (unsafe !== undefined) return `the pattern at ${at} is refused: ${unsafe}`;
      }
      if (key === 'patternProperties' && value !== null && typeof value === 'object') {
        for (const name of Object.keys(value)) {
          const unsafe = unsafeRegexReason(name);
          if (unsafe !== undefined)
            return `the pattern ${JSON.stringify(name)} at ${at} is refused: ${unsafe}`;
        }
      }
      if (NAME_MAP_KEYWORDS.has(key)) stack.push({ node: value, path: at, names: true });
      else if (!VALUE_KEYWORDS.has(key)) stack.push({ node: value, path: at });
    }
  }
  return undefined;
}

let builtInAjv: Ajv | Ajv2020 | undefined;

/**
 * A checker for the `data` shape of a built-in attestation type (draft 2020-12, strict): returns the
 * data (for the caller to type), or throws EvidentError('invalid_evidence') with the schema errors.
 */
export function dataShape(type: string, schema: SchemaObject): (data: unknown) => unknown {
  builtInAjv ??= createAjv('draft-2020-12');
  const validate = builtInAjv.compile(schema);
  return (data: unknown): unknown => {
    if (validate(data)) return data;
    throw new EvidentError(
      'invalid_evidence',
      `${type}: ${schemaErrorSentences('data', validate).join(' ')}`,
      {
        errors: validate.errors
          ?.slice(0, MAX_REASONS)
          .map((e) => ({ path: e.instancePath, message: e.message })),
      },
    );
  };
}
