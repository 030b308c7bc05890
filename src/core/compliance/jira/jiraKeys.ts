/**
 * Jira issue keys: a project key (an uppercase letter, then uppercase letters, digits or `_`; Jira's
 * default project key format) and the issue number, `PAY-123`. Jira's development integrations only
 * recognise uppercase keys in commit messages and branch names, so extraction is case-sensitive.
 */
export const JIRA_KEY = /^[A-Z][A-Z0-9_]{1,254}-[1-9][0-9]{0,14}$/;
export const JIRA_PROJECT_KEY = /^[A-Z][A-Z0-9_]{1,254}$/;

/**
 * A key inside free text: not preceded by a letter, digit or `_` (so `XPAY-1` inside `fooXPAY-1`
 * is not read as a key) and not followed by a digit. The lookbehind also keeps the scan linear: only
 * the first letter of a run of capitals can start a match.
 */
const KEY_IN_TEXT = /(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]{1,254}-[1-9][0-9]{0,14}(?![0-9])/g;

/** The distinct keys in `text`, in order of first appearance. */
export function jiraKeysIn(text: string): string[] {
  return [...new Set(text.match(KEY_IN_TEXT) ?? [])];
}

/** The project key of an issue key: `PAY` for `PAY-123`. */
export function projectOf(key: string): string {
  return key.slice(0, key.lastIndexOf('-'));
}
