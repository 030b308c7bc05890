// GitHub REST API answers modelled on the examples of docs.github.com/rest (pulls, reviews, commits),
// as a GitHub Enterprise Server at https://github.example.com would send them.

export const GHE = 'https://github.example.com';
const API = `${GHE}/api/v3`;

export function githubUser(login: string, id: number, type: 'User' | 'Bot' = 'User') {
  const url = `${API}/users/${login}`;
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString('base64'),
    avatar_url: `${GHE}/avatars/u/${id}?`,
    gravatar_id: '',
    url,
    html_url: `${GHE}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

function githubRepo(owner: ReturnType<typeof githubUser>, name: string, id: number) {
  const url = `${API}/repos/${owner.login}/${name}`;
  return {
    id,
    node_id: Buffer.from(`010:Repository${id}`).toString('base64'),
    name,
    full_name: `${owner.login}/${name}`,
    owner,
    private: true,
    html_url: `${GHE}/${owner.login}/${name}`,
    description: 'This your first repo!',
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    branches_url: `${url}/branches{/branch}`,
    commits_url: `${url}/commits{/sha}`,
    pulls_url: `${url}/pulls{/number}`,
    git_url: `git:github.example.com/${owner.login}/${name}.git`,
    ssh_url: `git@github.example.com:${owner.login}/${name}.git`,
    clone_url: `${GHE}/${owner.login}/${name}.git`,
    homepage: null,
    language: 'TypeScript',
    forks_count: 9,
    stargazers_count: 80,
    watchers_count: 80,
    size: 108,
    default_branch: 'master',
    open_issues_count: 0,
    topics: ['octocat', 'api'],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    visibility: 'private',
    pushed_at: '2011-01-26T19:06:43Z',
    created_at: '2011-01-26T19:01:12Z',
    updated_at: '2011-01-26T19:14:43Z',
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    delete_branch_on_merge: true,
  };
}

const OCTOCAT = githubUser('octocat', 1);
const REPO = githubRepo(OCTOCAT, 'Hello-World', 1296269);

export interface PullOptions {
  readonly number: number;
  readonly title: string;
  readonly author: ReturnType<typeof githubUser>;
  readonly state: 'open' | 'closed';
  readonly mergedBy?: ReturnType<typeof githubUser>;
  readonly mergeCommit: string;
  readonly head: string;
  readonly updatedAt: string;
  readonly commits?: number;
}

/** A pull request as "List pull requests associated with a commit" lists it (`pull-request-simple`). */
export function githubPullSimple(options: PullOptions) {
  const { number } = options;
  const url = `${API}/repos/octocat/Hello-World/pulls/${number}`;
  const mergedAt = options.mergedBy === undefined ? null : options.updatedAt;
  return {
    url,
    id: 1000000 + number,
    node_id: Buffer.from(`011:PullRequest${number}`).toString('base64'),
    html_url: `${GHE}/octocat/Hello-World/pull/${number}`,
    diff_url: `${GHE}/octocat/Hello-World/pull/${number}.diff`,
    patch_url: `${GHE}/octocat/Hello-World/pull/${number}.patch`,
    issue_url: `${API}/repos/octocat/Hello-World/issues/${number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${API}/repos/octocat/Hello-World/pulls/comments{/number}`,
    comments_url: `${API}/repos/octocat/Hello-World/issues/${number}/comments`,
    statuses_url: `${API}/repos/octocat/Hello-World/statuses/${options.mergeCommit}`,
    number,
    state: options.state,
    locked: false,
    title: options.title,
    user: options.author,
    body: 'Please pull these awesome changes in!',
    labels: [
      {
        id: 208045946,
        node_id: 'MDU6TGFiZWwyMDgwNDU5NDY=',
        url: `${API}/repos/octocat/Hello-World/labels/bug`,
        name: 'bug',
        description: "Something isn't working",
        color: 'f29513',
        default: true,
      },
    ],
    milestone: null,
    active_lock_reason: null,
    created_at: '2011-01-26T19:01:12Z',
    updated_at: options.updatedAt,
    closed_at: options.state === 'closed' ? options.updatedAt : null,
    merged_at: mergedAt,
    merge_commit_sha: options.mergeCommit,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `octocat:${options.head}`,
      ref: options.head,
      sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e',
      user: OCTOCAT,
      repo: REPO,
    },
    base: {
      label: 'octocat:master',
      ref: 'master',
      sha: '7638417db6d59f3c431d3e1f261cc637155684cd',
      user: OCTOCAT,
      repo: REPO,
    },
    _links: {
      self: { href: url },
      html: { href: `${GHE}/octocat/Hello-World/pull/${number}` },
      issue: { href: `${API}/repos/octocat/Hello-World/issues/${number}` },
      comments: { href: `${API}/repos/octocat/Hello-World/issues/${number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${API}/repos/octocat/Hello-World/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${API}/repos/octocat/Hello-World/statuses/${options.mergeCommit}` },
    },
    author_association: 'OWNER',
    auto_merge: null,
    draft: false,
  };
}

/** A pull request as "Get a pull request" answers. */
export function githubPull(options: PullOptions) {
  return {
    ...githubPullSimple(options),
    merged: options.mergedBy !== undefined,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: options.mergedBy ?? null,
    comments: 10,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: options.commits ?? 3,
    additions: 100,
    deletions: 3,
    changed_files: 5,
  };
}

export function githubReview(
  id: number,
  user: ReturnType<typeof githubUser> | null,
  state: string,
  submittedAt: string,
) {
  return {
    id,
    node_id: Buffer.from(`017:PullRequestReview${id}`).toString('base64'),
    user,
    body: state === 'APPROVED' ? 'Looks good to me.' : 'Here is the body for the review.',
    state,
    html_url: `${GHE}/octocat/Hello-World/pull/1347#pullrequestreview-${id}`,
    pull_request_url: `${API}/repos/octocat/Hello-World/pulls/1347`,
    _links: {
      html: { href: `${GHE}/octocat/Hello-World/pull/1347#pullrequestreview-${id}` },
      pull_request: { href: `${API}/repos/octocat/Hello-World/pulls/1347` },
    },
    submitted_at: submittedAt,
    commit_id: 'ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091',
    author_association: user?.login === 'octocat' ? 'OWNER' : 'COLLABORATOR',
  };
}

interface GitPerson {
  readonly name: string;
  readonly email: string;
}

export function githubCommit(
  sha: string,
  message: string,
  author: { account: ReturnType<typeof githubUser> | null; git: GitPerson },
  committer: { account: ReturnType<typeof githubUser> | null; git: GitPerson },
) {
  const url = `${API}/repos/octocat/Hello-World/commits/${sha}`;
  return {
    url,
    sha,
    node_id: Buffer.from(`06:Commit${sha}`).toString('base64'),
    html_url: `${GHE}/octocat/Hello-World/commit/${sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${API}/repos/octocat/Hello-World/git/commits/${sha}`,
      author: { ...author.git, date: '2011-04-14T16:00:49Z' },
      committer: { ...committer.git, date: '2011-04-14T16:00:49Z' },
      message,
      tree: { url: `${API}/repos/octocat/Hello-World/tree/${sha}`, sha },
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: author.account,
    committer: committer.account,
    parents: [
      {
        url: `${API}/repos/octocat/Hello-World/commits/7638417db6d59f3c431d3e1f261cc637155684cd`,
        sha: '7638417db6d59f3c431d3e1f261cc637155684cd',
      },
    ],
  };
}

export const GITHUB_NOT_FOUND = {
  status: 404,
  json: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
};

export const GITHUB_BAD_CREDENTIALS = {
  status: 401,
  json: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
};
