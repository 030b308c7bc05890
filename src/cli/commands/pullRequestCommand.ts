import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPullRequest } from '../pullRequest/readPullRequest.ts';
import type { PullRequestProvider } from '../pullRequest/pullRequestRead.ts';
import { attestType } from './recordCommands.ts';

type Options = Record<string, unknown>;
const text = (options: Options, name: string) =>
  typeof options[name] === 'string' ? options[name] : undefined;

/**
 * `evident attest pullrequest PROVIDER`: reads the pull request from the provider's API, then
 * attests it as `pull_request` data with the API's own answers as evidence files, so an auditor can
 * see what the code host said, not only what Evident made of it.
 */
export async function attestPullRequest(provider: PullRequestProvider, options: Options): Promise<void> {
  const read = await readPullRequest(
    provider,
    {
      ...(text(options, 'baseUrl') !== undefined && { baseUrl: text(options, 'baseUrl') }),
      ...(text(options, 'token') !== undefined && { token: text(options, 'token') }),
      ...(text(options, 'repository') !== undefined && { repository: text(options, 'repository') }),
      ...(text(options, 'pr') !== undefined && { number: text(options, 'pr') }),
      ...(text(options, 'commit') !== undefined && { commit: text(options, 'commit') }),
    },
    process.env,
  );
  if (read.note !== undefined) process.stderr.write(`evident: ${read.note}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'evident-pr-'));
  try {
    const files = read.raw.map(({ name, bytes }) => {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      return file;
    });
    await attestType('pull_request', files, { ...options, data: JSON.stringify(read.data) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
