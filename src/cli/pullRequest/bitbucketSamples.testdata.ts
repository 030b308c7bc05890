// Bitbucket Cloud REST API 2.0 answers modelled on the pullrequest, participant, account and commit
// schemas of developer.atlassian.com/cloud/bitbucket/rest (api-group-pullrequests, api-group-commits).

const API = 'https://api.bitbucket.org/2.0';
export const BITBUCKET_WEB = 'https://bitbucket.org';
const REPO = 'acme/payments';

export function bitbucketUser(nickname: string, displayName: string, n: number) {
  const uuid = `{${String(n).padStart(8, '0')}-4c1b-4f5e-9a3e-0d6b2f1c7a${String(n).padStart(2, '0')}}`;
  return {
    display_name: displayName,
    links: {
      self: { href: `${API}/users/${encodeURIComponent(uuid)}` },
      avatar: {
        href: `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/${nickname.slice(0, 2).toUpperCase()}-1.png`,
      },
      html: { href: `${BITBUCKET_WEB}/${encodeURIComponent(uuid)}/` },
    },
    type: 'user',
    uuid,
    account_id: `557058:${String(n).padStart(8, '0')}-aaaa-bbbb-cccc-${String(n).padStart(12, '0')}`,
    nickname,
  };
}

type User = ReturnType<typeof bitbucketUser>;

function commitRef(hash: string) {
  return {
    hash,
    links: {
      self: { href: `${API}/repositories/${REPO}/commit/${hash}` },
      html: { href: `${BITBUCKET_WEB}/${REPO}/commits/${hash}` },
    },
    type: 'commit',
  };
}

function endpoint(branch: string, hash: string) {
  return {
    branch: { name: branch },
    commit: commitRef(hash),
    repository: {
      type: 'repository',
      full_name: REPO,
      links: {
        self: { href: `${API}/repositories/${REPO}` },
        html: { href: `${BITBUCKET_WEB}/${REPO}` },
        avatar: { href: `https://bytebucket.org/ravatar/%7B5c1f3f40%7D?ts=default` },
      },
      name: 'payments',
      uuid: '{5c1f3f40-9c1e-4f4e-8d3a-1c2b3a4d5e6f}',
    },
  };
}

function rendered(raw: string) {
  return { type: 'rendered', raw, markup: 'markdown', html: `<p>${raw}</p>` };
}

export interface BitbucketPullOptions {
  readonly id: number;
  readonly title: string;
  readonly author: User;
  readonly state: 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
  readonly closedBy?: User;
  /** Bitbucket reports the merge commit by a 12-digit hash. */
  readonly mergeCommit?: string;
  readonly source: string;
  readonly updatedOn: string;
}

export interface Participation {
  readonly user: User;
  readonly role: 'PARTICIPANT' | 'REVIEWER';
  readonly approved: boolean;
  readonly state: 'approved' | 'changes_requested' | null;
}

/** A pull request as lists answer it (no `participants` and `reviewers`). */
export function bitbucketPullListed(options: BitbucketPullOptions) {
  const self = `${API}/repositories/${REPO}/pullrequests/${options.id}`;
  const link = (path: string) => ({ href: `${self}/${path}` });
  return {
    comment_count: 3,
    task_count: 0,
    type: 'pullrequest',
    id: options.id,
    title: options.title,
    description: 'Rounds half to even, as the ledger does.',
    rendered: {
      title: rendered(options.title),
      description: rendered('Rounds half to even, as the ledger does.'),
    },
    state: options.state,
    draft: false,
    merge_commit: options.mergeCommit === undefined ? null : commitRef(options.mergeCommit),
    close_source_branch: true,
    closed_by: options.closedBy ?? null,
    author: options.author,
    reason: '',
    created_on: '2024-04-02T08:11:25.442915+00:00',
    updated_on: options.updatedOn,
    destination: endpoint('main', 'd1c4a7f9b3e2'),
    source: endpoint(options.source, '7e5a3c1b9d0f'),
    links: {
      self: { href: self },
      html: { href: `${BITBUCKET_WEB}/${REPO}/pull-requests/${options.id}` },
      commits: link('commits'),
      approve: link('approve'),
      'request-changes': link('request-changes'),
      diff: {
        href: `${API}/repositories/${REPO}/diff/${REPO}:7e5a3c1b9d0f%0Dd1c4a7f9b3e2?from_pullrequest_id=${options.id}`,
      },
      diffstat: {
        href: `${API}/repositories/${REPO}/diffstat/${REPO}:7e5a3c1b9d0f%0Dd1c4a7f9b3e2?from_pullrequest_id=${options.id}`,
      },
      comments: link('comments'),
      activity: link('activity'),
      merge: link('merge'),
      decline: link('decline'),
      statuses: link('statuses'),
    },
    summary: rendered('Rounds half to even, as the ledger does.'),
  };
}

/** A pull request as "Get a pull request" answers it. */
export function bitbucketPull(options: BitbucketPullOptions, participants: readonly Participation[]) {
  return {
    ...bitbucketPullListed(options),
    reviewers: participants.filter((p) => p.role === 'REVIEWER').map((p) => p.user),
    participants: participants.map((p) => ({
      type: 'participant',
      user: p.user,
      role: p.role,
      approved: p.approved,
      state: p.state,
      participated_on: p.state === null ? null : '2024-04-02T12:30:00.000000+00:00',
    })),
  };
}

/** A commit as "List commits on a pull request" answers it; `user` only when the author matches an account. */
export function bitbucketCommit(hash: string, message: string, raw: string, user: User | null) {
  return {
    type: 'commit',
    hash,
    date: '2024-04-02T08:05:00+00:00',
    author: { type: 'author', raw, ...(user !== null && { user }) },
    message,
    summary: rendered(message),
    links: {
      self: { href: `${API}/repositories/${REPO}/commit/${hash}` },
      html: { href: `${BITBUCKET_WEB}/${REPO}/commits/${hash}` },
      diff: { href: `${API}/repositories/${REPO}/diff/${hash}` },
      approve: { href: `${API}/repositories/${REPO}/commit/${hash}/approve` },
      comments: { href: `${API}/repositories/${REPO}/commit/${hash}/comments` },
      statuses: { href: `${API}/repositories/${REPO}/commit/${hash}/statuses` },
      patch: { href: `${API}/repositories/${REPO}/patch/${hash}` },
    },
    parents: [commitRef('d1c4a7f9b3e2')],
    repository: endpoint('main', 'd1c4a7f9b3e2').repository,
  };
}

export const BITBUCKET_UNAUTHORIZED = {
  status: 401,
  json: { type: 'error', error: { message: 'Unauthorized' } },
};
export const BITBUCKET_NOT_FOUND = {
  status: 404,
  json: { type: 'error', error: { message: 'Resource not found' } },
};
