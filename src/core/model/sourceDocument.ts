import { parse as parseYaml } from 'yaml';
import { EvidentError, messageOf } from '../errors.ts';

/** Aliases a document may use: enough for real templates, far too few for a "billion laughs". */
const MAX_ALIASES = 50;

/**
 * Reads a YAML 1.2 (core schema, unique keys, no merge keys) or JSON document that a user wrote
 * (templates, policies, type definitions). Bounded in size and aliases; errors say where.
 */
export function parseSourceDocument(what: string, source: string, maxLength: number): unknown {
  if (source.length > maxLength) {
    throw new EvidentError('bad_request', `${what} is longer than ${maxLength} characters`);
  }
  try {
    return parseYaml(source, {
      schema: 'core',
      merge: false,
      uniqueKeys: true,
      maxAliasCount: MAX_ALIASES,
      prettyErrors: true,
    });
  } catch (error) {
    throw new EvidentError(
      'bad_request',
      `${what} is not valid YAML or JSON: ${messageOf(error).split('\n')[0] ?? ''}`,
    );
  }
}
