// How the readers fail: provider errors, answers that are not JSON or not the expected shape, endless
// pagination, unreachable hosts, and credentials that must not leave the API's origin or show up in a
// message. Exercised through the GitHub reader against a local server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rejectsWith, startFakeProvider, type FakeProvider } from './fakeProvider.testdata.ts';
import { GITHUB_NOT_FOUND, githubPull, githubUser } from './githubSamples.testdata.ts';
import type { PullRequestProvider } from './pullRequestRead.ts';
import { readPullRequest } from './readPullRequest.ts';

const TOKEN = `ghp_${'S'.repeat(36)}`;
const PULL = '/api/v3/repos/octocat/Hello-World/pulls';

const pull = (number: number) =>
  githubPull({
    number,
    title: 'Edge cases',
    author: githubUser('octocat', 1),
    state: 'open',
    mergeCommit: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
    head: 'edge',
    updatedAt: '2024-01-01T00:00:00Z',
  });

let server: FakeProvider;
let elsewhere: FakeProvider;

const env = () => ({
  GITHUB_API_URL: `${server.origin}/api/v3`,
  GITHUB_REPOSITORY: 'octocat/Hello-World',
  GITHUB_TOKEN: TOKEN,
});
const read = (number: number) => readPullRequest('github', { number }, env());

/** A pull request whose reviews and commits are empty lists. */
function routeEmptyLists(number: number): void {
  server.route('GET', `${PULL}/${number}/reviews`, { json: [] });
  server.route('GET', `${PULL}/${number}/commits`, { json: [] });
}

before(async () => {
  const options = { authorized: () => true, unauthorized: GITHUB_NOT_FOUND, notFound: GITHUB_NOT_FOUND };
  server = await startFakeProvider(options);
  elsewhere = await startFakeProvider(options);
  server.route('GET', `${PULL}/1`, { text: '<html><body>Enterprise maintenance</body></html>' });
  server.route('GET', `${PULL}/2`, { status: 502, text: '<html>Bad gateway</html>' });
  server.route('GET', `${PULL}/3`, {
    status: 403,
    headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' },
    json: { message: 'API rate limit exceeded for installation ID 1.' },
  });
  server.route('GET', `${PULL}/4`, {
    status: 403,
    json: { message: 'Resource not accessible by integration' },
  });
  server.route('GET', `${PULL}/5`, { json: pull(5) });
  server.route('GET', `${PULL}/5/reviews`, (request) => {
    const page = Number(request.query.get('page') ?? '1');
    return {
      json: [],
      headers: { link: `<${server.origin}${PULL}/5/reviews?page=${page + 1}>; rel="next"` },
    };
  });
  server.route('GET', `${PULL}/6`, { json: pull(6) });
  server.route('GET', `${PULL}/6/reviews`, {
    json: [],
    headers: { link: `<${elsewhere.origin}${PULL}/6/reviews?page=2>; rel="next"` },
  });
  // GitHub answers requests for a renamed repository with 301 to its /repositories/ID path.
  server.route('GET', `${PULL}/7`, {
    status: 301,
    headers: { location: '/api/v3/repositories/1296269/pulls/7' },
  });
  server.route('GET', '/api/v3/repositories/1296269/pulls/7', { json: pull(7) });
  routeEmptyLists(7);
  server.route('GET', `${PULL}/8`, { status: 302, headers: { location: `${elsewhere.origin}${PULL}/8` } });
  server.route('GET', `${PULL}/9`, {
    status: 500,
    json: { message: `token ${TOKEN} rejected by the backend` },
  });
  server.route('GET', `${PULL}/10`, { json: [pull(10)] });
  server.route('GET', `${PULL}/11`, { json: { ...pull(11), html_url: null } });
});
after(async () => {
  await server.close();
  await elsewhere.close();
});

describe('provider errors', () => {
  it('refuses an answer that is not JSON, naming the URL', async () => {
    await rejectsWith(
      read(1),
      'internal',
      /^GitHub answered GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/repos\/octocat\/Hello-World\/pulls\/1 with 200 but not JSON \(text\/html\): "<html><body>Enterprise maintenance/,
    );
  });

  it('refuses an answer of the wrong shape, naming the URL and the field', async () => {
    await rejectsWith(
      read(10),
      'internal',
      /^unexpected answer from GitHub GET .*\/pulls\/10: the pull request is not an object$/,
    );
    await rejectsWith(
      read(11),
      'internal',
      /^unexpected answer from GitHub GET .*\/pulls\/11: html_url is not text$/,
    );
  });

  it('reports a provider failure (5xx) as internal, not as the Evident server being unreachable', async () => {
    await rejectsWith(
      read(2),
      'internal',
      /^GitHub failed to answer for pull request 2 in octocat\/Hello-World \(502 for GET .*\): <html>Bad gateway<\/html>$/,
    );
  });

  it('reports an exhausted rate limit as rate_limited, and other 403s as unauthorized', async () => {
    await rejectsWith(
      read(3),
      'rate_limited',
      /^GitHub rate limit reached \(403 for GET .*\): API rate limit exceeded for installation ID 1\.; retry later$/,
    );
    await rejectsWith(
      read(4),
      'unauthorized',
      /^GitHub denied access to pull request 4 in octocat\/Hello-World \(403 for GET .*\): Resource not accessible by integration; the token from GITHUB_TOKEN may lack access$/,
    );
  });

  it('never shows the token, even when the provider echoes it', async () => {
    const message = await rejectsWith(read(9), 'internal', /: token \*\*\* rejected by the backend$/);
    assert.ok(!message.includes(TOKEN));
  });

  it('stops after 50 pages instead of following "next" forever', async () => {
    const before = server.requests.length;
    await rejectsWith(
      read(5),
      'payload_too_large',
      /^GitHub still had more reviews of pull request 5 in octocat\/Hello-World after 50 pages \(from .*\/pulls\/5\/reviews\?per_page=100\); stopped reading$/,
    );
    assert.equal(server.requests.length - before, 51, 'the pull request and 50 pages');
  });

  it('refuses to follow a pagination link or a redirect to another host with the credentials', async () => {
    await rejectsWith(
      read(6),
      'internal',
      /^GitHub pointed to http:\/\/127\.0\.0\.1:\d+ while reading reviews of pull request 6 .*; refusing to send the credentials outside/,
    );
    await rejectsWith(
      read(8),
      'internal',
      /^GitHub pointed to http:\/\/127\.0\.0\.1:\d+ while reading pull request 8 /,
    );
    assert.equal(elsewhere.requests.length, 0);
  });

  it('follows a redirect within the API (a renamed repository)', async () => {
    const result = await read(7);
    assert.equal(result.data.number, 7);
    assert.equal(result.raw[0]?.name, 'github-pull-7.json');
    assert.ok(server.requests.some((r) => r.path === '/api/v3/repositories/1296269/pulls/7'));
  });

  it('reports an unreachable provider as internal, naming the host', async () => {
    const closed = await startFakeProvider({ authorized: () => true, unauthorized: {}, notFound: {} });
    await closed.close();
    await rejectsWith(
      readPullRequest('github', { number: 1 }, { ...env(), GITHUB_API_URL: `${closed.origin}/api/v3` }),
      'internal',
      /^cannot reach GitHub at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    );
  });

  it('uses the fetch it is given, and says when the provider did not answer in time', async () => {
    const timedOut = () =>
      Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    await rejectsWith(
      readPullRequest('github', { number: 1 }, env(), timedOut),
      'internal',
      /^cannot reach GitHub at http:\/\/127\.0\.0\.1:\d+: no answer in time$/,
    );
  });

  it('refuses an unknown provider', async () => {
    await rejectsWith(
      readPullRequest('gitea' as PullRequestProvider, {}, {}),
      'bad_request',
      /^unknown pull request provider "gitea" \(known: github, gitlab, bitbucket, azure\)$/,
    );
  });
});
