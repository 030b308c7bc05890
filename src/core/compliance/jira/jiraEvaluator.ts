import type { AttestationEvaluator, Evaluation } from '../evaluation.ts';
import { parseJiraData } from './jiraData.ts';
import type { JiraData } from './jiraData.ts';
import { jiraKeysIn, projectOf } from './jiraKeys.ts';
import { parseJiraParams } from './jiraParams.ts';
import type { JiraParams } from './jiraParams.ts';

/** Distinct keys: the explicit ones (uppercased), then those found in the texts. */
function keysOf(data: JiraData): string[] {
  const keys = new Set((data.keys ?? []).map((key) => key.toUpperCase()));
  const texts = [data.title, data.branch, ...(data.commitMessages ?? []), ...(data.texts ?? [])];
  for (const text of texts) {
    if (text !== undefined) for (const key of jiraKeysIn(text)) keys.add(key);
  }
  return [...keys];
}

function list(keys: readonly string[]): string {
  const shown = keys.slice(0, 10).join(', ');
  return keys.length > 10 ? `${shown} and ${keys.length - 10} more` : shown;
}

function where(data: JiraData): string {
  const places = [
    data.keys !== undefined ? 'keys' : undefined,
    data.title !== undefined ? 'title' : undefined,
    data.branch !== undefined ? 'branch' : undefined,
    data.commitMessages !== undefined ? 'commit messages' : undefined,
    data.texts !== undefined ? 'texts' : undefined,
  ].filter((place) => place !== undefined);
  return places.length === 0 ? 'the attestation data (which is empty)' : `the ${places.join(', ')}`;
}

/**
 * `jira`: compliant when at least `min` distinct issue keys (of the `projects` allow-list, when
 * given) are named in `keys` or found in the texts. Without an allow-list any key-shaped word counts
 * (`UTF-8` too), so templates should name their projects.
 */
export const jiraEvaluator: AttestationEvaluator<JiraParams> = {
  type: 'jira',
  parseParams: parseJiraParams,
  evaluate({ data, params }): Evaluation {
    const jira = parseJiraData(data ?? {});
    const found = keysOf(jira);
    const allowed = params.projects === undefined ? undefined : new Set(params.projects);
    const keys = found.filter((key) => allowed === undefined || allowed.has(projectOf(key))).sort();
    const ignored = found.filter((key) => !keys.includes(key)).sort();
    const reasons: string[] = [];
    if (keys.length < params.min) {
      const needed = params.min === 1 ? 'a Jira issue key' : `${params.min} distinct Jira issue keys`;
      const projects = params.projects === undefined ? '' : ` of the projects ${params.projects.join(', ')}`;
      if (found.length === 0) {
        reasons.push(`No Jira issue key was found in ${where(jira)}; ${needed}${projects} is required.`);
      } else if (keys.length === 0) {
        reasons.push(
          `Found ${list(ignored)}, but none of the allowed projects (${params.projects?.join(', ') ?? ''}).`,
        );
      } else {
        reasons.push(`Found only ${list(keys)}; ${needed}${projects} are required.`);
      }
    }
    return {
      compliant: reasons.length === 0,
      claimed: false,
      summary: { keys, ignoredKeys: ignored },
      reasons,
    };
  },
};
