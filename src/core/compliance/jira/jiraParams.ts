import { EvidentError } from '../../errors.ts';
import { JIRA_PROJECT_KEY } from './jiraKeys.ts';

/** `params:` of a `jira` attestation in a flow template. */
export interface JiraParams {
  /** Project keys whose issues count (uppercase); undefined: any project. */
  readonly projects: readonly string[] | undefined;
  /** Distinct issue keys needed (default 1). */
  readonly min: number;
}

const KEYS = ['projects', 'min'];

function bad(message: string): never {
  throw new EvidentError('bad_request', `jira params: ${message}`);
}

/** Validates template parameters strictly: unknown keys and wrong types are refused. */
export function parseJiraParams(params: unknown): JiraParams {
  if (params === undefined || params === null) params = {};
  if (typeof params !== 'object' || Array.isArray(params)) bad('must be an object');
  const record = params as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.includes(key)) bad(`unknown key ${JSON.stringify(key)} (allowed: ${KEYS.join(', ')})`);
  }
  const { projects, min = 1 } = record;
  if (typeof min !== 'number' || !Number.isSafeInteger(min) || min < 1 || min > 1000) {
    bad('min must be a whole number from 1 to 1000');
  }
  if (projects === undefined) return { projects: undefined, min };
  if (!Array.isArray(projects) || projects.length === 0 || projects.length > 1000) {
    bad('projects must be a list of 1 to 1000 Jira project keys');
  }
  const keys = (projects as unknown[]).map((project) => {
    const key = typeof project === 'string' ? project.toUpperCase() : '';
    if (!JIRA_PROJECT_KEY.test(key)) {
      bad(
        `projects: ${JSON.stringify(project)} is not a Jira project key (a letter, then letters, digits or _)`,
      );
    }
    return key;
  });
  return { projects: [...new Set(keys)], min };
}
