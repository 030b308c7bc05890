/** The `pull_request` schema's longest commit message; the raw answer keeps longer ones whole. */
const MAX_COMMIT_MESSAGE = 65_536;

/** `message` cut to what the schema accepts. */
export function commitMessage(message: string | undefined): string | undefined {
  return message === undefined || message.length <= MAX_COMMIT_MESSAGE
    ? message
    : message.slice(0, MAX_COMMIT_MESSAGE);
}

/** A branch name without `refs/heads/` (Azure DevOps reports full ref names). */
export function branchName(ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const name = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
  return name === '' ? undefined : name;
}

/** `fields` without its `undefined` members, so the data compares and serialises cleanly. */
export function definedFields<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
