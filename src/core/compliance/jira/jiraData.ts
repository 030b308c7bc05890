import type { SchemaObject } from 'ajv';
import { dataShape } from '../custom/jsonSchema.ts';

/**
 * The `data` of a `jira` attestation (version 1): explicit issue keys and/or texts to find keys in
 * (a pull request's title, the branch name, commit messages, any other text). Unknown fields are
 * refused.
 */
export interface JiraData {
  /** Issue keys the client names explicitly; compared uppercase. */
  readonly keys?: readonly string[];
  readonly title?: string;
  readonly branch?: string;
  readonly commitMessages?: readonly string[];
  readonly texts?: readonly string[];
}

const text = { type: 'string', maxLength: 65_536 };

const schema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    keys: {
      type: 'array',
      maxItems: 1000,
      items: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{1,254}-[1-9][0-9]{0,14}$' },
    },
    title: { type: 'string', maxLength: 4096 },
    branch: { type: 'string', maxLength: 1024 },
    commitMessages: { type: 'array', maxItems: 10_000, items: text },
    texts: { type: 'array', maxItems: 100, items: text },
  },
};

const checkShape = dataShape('jira', schema);

/** Checks the shape; throws EvidentError('invalid_evidence') listing what is wrong. */
export function parseJiraData(data: unknown): JiraData {
  return checkShape(data) as JiraData;
}
