// GitLab REST API v4 answers modelled on the examples of docs.gitlab.com/api (merge_requests,
// merge_request_approvals, commits), as a self-managed GitLab at https://gitlab.example.com/gitlab
// would send them.

export const GITLAB_WEB = 'https://gitlab.example.com/gitlab';

export function gitlabUser(username: string, id: number, name: string) {
  return {
    id,
    username,
    public_email: '',
    name,
    state: 'active',
    locked: false,
    avatar_url: `https://secure.gravatar.com/avatar/${id}?s=80&d=identicon`,
    web_url: `${GITLAB_WEB}/${username}`,
  };
}

export interface MergeRequestOptions {
  readonly iid: number;
  readonly title: string;
  readonly author: ReturnType<typeof gitlabUser>;
  readonly state: 'opened' | 'closed' | 'locked' | 'merged';
  readonly mergeUser?: ReturnType<typeof gitlabUser>;
  readonly mergeCommit?: string;
  readonly squashCommit?: string;
  readonly sourceBranch: string;
  readonly updatedAt: string;
}

/** The fields every merge request answer starts with. */
function identifying(options: MergeRequestOptions) {
  return {
    id: 84000 + options.iid,
    iid: options.iid,
    project_id: 3,
    title: options.title,
    description: 'Closes #12',
    state: options.state,
  };
}

/** A merge request as list endpoints answer (`/repository/commits/:sha/merge_requests`). */
export function gitlabMergeRequestBasic(options: MergeRequestOptions) {
  const merged = options.state === 'merged';
  return {
    ...identifying(options),
    imported: false,
    imported_from: 'none',
    merged_by: merged ? (options.mergeUser ?? null) : null,
    merge_user: merged ? (options.mergeUser ?? null) : null,
    merged_at: merged ? options.updatedAt : null,
    merge_after: null,
    prepared_at: '2024-03-01T09:00:05.120Z',
    closed_by: null,
    closed_at: null,
    created_at: '2024-03-01T09:00:00.000Z',
    updated_at: options.updatedAt,
    target_branch: 'main',
    source_branch: options.sourceBranch,
    upvotes: 1,
    downvotes: 0,
    author: options.author,
    assignees: [options.author],
    assignee: options.author,
    reviewers: [],
    source_project_id: 3,
    target_project_id: 3,
    labels: ['backend', 'Community contribution'],
    draft: false,
    work_in_progress: false,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: 'can_be_merged',
    detailed_merge_status: merged ? 'not_open' : 'mergeable',
    sha: '8888888888888888888888888888888888888888',
    merge_commit_sha: options.mergeCommit ?? null,
    squash_commit_sha: options.squashCommit ?? null,
    user_notes_count: 4,
    discussion_locked: null,
    should_remove_source_branch: true,
    force_remove_source_branch: false,
    allow_collaboration: false,
    allow_maintainer_to_push: false,
    web_url: `${GITLAB_WEB}/my-group/sub/my-project/-/merge_requests/${options.iid}`,
    references: {
      short: `!${options.iid}`,
      relative: `!${options.iid}`,
      full: `my-group/sub/my-project!${options.iid}`,
    },
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    squash: options.squashCommit !== undefined,
    squash_on_merge: options.squashCommit !== undefined,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
  };
}

/** A merge request as "Get single MR" answers. */
export function gitlabMergeRequest(options: MergeRequestOptions) {
  return {
    ...gitlabMergeRequestBasic(options),
    subscribed: false,
    changes_count: '4',
    latest_build_started_at: '2024-03-01T09:02:00.000Z',
    latest_build_finished_at: '2024-03-01T09:07:41.000Z',
    first_deployed_to_production_at: null,
    pipeline: {
      id: 29626725,
      sha: '8888888888888888888888888888888888888888',
      ref: options.sourceBranch,
      status: 'success',
      web_url: `${GITLAB_WEB}/my-group/sub/my-project/-/pipelines/29626725`,
    },
    head_pipeline: null,
    diff_refs: {
      base_sha: 'c380d3acebd181f13629a25d2e2acca46ffe1e00',
      head_sha: '8888888888888888888888888888888888888888',
      start_sha: 'c380d3acebd181f13629a25d2e2acca46ffe1e00',
    },
    merge_error: null,
    first_contribution: false,
    user: { can_merge: true },
    approvals_before_merge: null,
  };
}

/** "Get approval state" of a merge request (`/merge_requests/:iid/approvals`). */
export function gitlabApprovals(
  options: MergeRequestOptions,
  approvedBy: readonly ReturnType<typeof gitlabUser>[],
) {
  return {
    ...identifying(options),
    created_at: '2024-03-01T09:00:00.000Z',
    updated_at: options.updatedAt,
    merge_status: 'can_be_merged',
    approved: approvedBy.length >= 1,
    approvals_required: 1,
    approvals_left: approvedBy.length >= 1 ? 0 : 1,
    require_password_to_approve: false,
    approved_by: approvedBy.map((user) => ({ user })),
    suggested_approvers: [],
    approvers: [],
    approver_groups: [],
    user_has_approved: false,
    user_can_approve: true,
    approval_rules_left: [],
    has_approval_rules: true,
    merge_request_approvers_available: true,
    multiple_approval_rules_available: true,
    invalid_approval_rules: [],
  };
}

export function gitlabCommit(
  id: string,
  message: string,
  author: { name: string; email: string },
  committer: { name: string; email: string },
) {
  return {
    id,
    short_id: id.slice(0, 8),
    created_at: '2024-03-01T08:55:00.000+01:00',
    parent_ids: ['c380d3acebd181f13629a25d2e2acca46ffe1e00'],
    title: message.split('\n')[0],
    message,
    author_name: author.name,
    author_email: author.email,
    authored_date: '2024-03-01T08:55:00.000+01:00',
    committer_name: committer.name,
    committer_email: committer.email,
    committed_date: '2024-03-01T08:55:00.000+01:00',
    trailers: {},
    extended_trailers: {},
    web_url: `${GITLAB_WEB}/my-group/sub/my-project/-/commit/${id}`,
  };
}

export const GITLAB_UNAUTHORIZED = { status: 401, json: { message: '401 Unauthorized' } };
export const GITLAB_NOT_FOUND = { status: 404, json: { message: '404 Not found' } };
