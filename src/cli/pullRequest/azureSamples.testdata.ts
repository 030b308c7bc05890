// Azure DevOps REST API 7.1 answers modelled on the examples of learn.microsoft.com/rest/api/azure/devops/git
// (pull-requests/get-pull-request, pull-request-commits, pull-request-query) for organization
// `fabrikam`, project `Fabrikam Fiber`, repository `fabrikam-payments`.

const ORG = 'https://dev.azure.com/fabrikam';
const REPO_ID = '3411ebc1-d5aa-464f-9615-0b527bc66719';
export const AZURE_WEB_REPO = `${ORG}/Fabrikam%20Fiber/_git/fabrikam-payments`;

export function azureIdentity(displayName: string, uniqueName: string, id: string) {
  return {
    displayName,
    url: `https://spsprodeus27.vssps.visualstudio.com/A1fce3fd4/_apis/Identities/${id}`,
    _links: { avatar: { href: `${ORG}/_apis/GraphProfile/MemberAvatars/aad.${id}` } },
    id,
    uniqueName,
    imageUrl: `${ORG}/_api/_common/identityImage?id=${id}`,
    descriptor: `aad.${Buffer.from(id).toString('base64')}`,
  };
}

type Identity = ReturnType<typeof azureIdentity>;

export const FIBER_TEAM = {
  ...azureIdentity(
    '[Fabrikam Fiber]\\Fabrikam Fiber Team',
    'vstfs:///Classification/TeamProject/a7573007\\Fabrikam Fiber Team',
    'c8a4e8d0-19b7-4a0c-a1b0-52a6b0e2fa31',
  ),
  isContainer: true,
};

/** A reviewer (IdentityRefWithVote); `votedFor` names the group reviewers the vote also counts for. */
export function azureReviewer(
  who: Identity | typeof FIBER_TEAM,
  vote: number,
  votedFor: readonly unknown[] = [],
) {
  return {
    reviewerUrl: `${ORG}/_apis/git/repositories/${REPO_ID}/pullRequests/22/reviewers/${who.id}`,
    vote,
    hasDeclined: false,
    isRequired: 'isContainer' in who,
    isFlagged: false,
    ...(votedFor.length > 0 && { votedFor }),
    ...who,
  };
}

function commitRef(commitId: string) {
  return { commitId, url: `${ORG}/_apis/git/repositories/${REPO_ID}/commits/${commitId}` };
}

export interface AzurePullOptions {
  readonly id: number;
  readonly title: string;
  readonly createdBy: Identity;
  readonly status: 'active' | 'completed' | 'abandoned';
  readonly closedBy?: Identity;
  readonly lastMergeCommit: string;
  readonly source: string;
  readonly closedDate?: string;
}

export function azurePull(options: AzurePullOptions, reviewers: readonly unknown[]) {
  return {
    repository: {
      id: REPO_ID,
      name: 'fabrikam-payments',
      url: `${ORG}/_apis/git/repositories/${REPO_ID}`,
      project: {
        id: 'a7573007-bbb3-4341-b726-0c4148a07853',
        name: 'Fabrikam Fiber',
        description: 'Payments and ledger services',
        url: `${ORG}/_apis/projects/a7573007-bbb3-4341-b726-0c4148a07853`,
        state: 'wellFormed',
        revision: 7,
        visibility: 'private',
        lastUpdateTime: '2024-01-10T12:00:00.000Z',
      },
      size: 1839284,
      remoteUrl: `https://fabrikam@dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/fabrikam-payments`,
      sshUrl: 'git@ssh.dev.azure.com:v3/fabrikam/Fabrikam%20Fiber/fabrikam-payments',
      webUrl: AZURE_WEB_REPO,
      isDisabled: false,
      isInMaintenance: false,
    },
    pullRequestId: options.id,
    codeReviewId: options.id,
    status: options.status,
    createdBy: options.createdBy,
    creationDate: '2024-05-06T10:15:00.0000000Z',
    ...(options.closedDate !== undefined && { closedDate: options.closedDate }),
    title: options.title,
    description: 'Adds rounding to the ledger postings.',
    sourceRefName: `refs/heads/${options.source}`,
    targetRefName: 'refs/heads/main',
    mergeStatus: 'succeeded',
    isDraft: false,
    mergeId: 'f5fc8381-3fb2-49fe-8a0d-27dcc2d6ef82',
    lastMergeSourceCommit: commitRef('b60280bc6e62e2f880f1b63c1e24987664d3bda3'),
    lastMergeTargetCommit: commitRef('f47bbc106853afe3c1b07a81754bce5f4b8dbf62'),
    lastMergeCommit: {
      ...commitRef(options.lastMergeCommit),
      author: { name: 'Normal Paulk', email: 'fabrikamfiber16@hotmail.com', date: '2024-05-07T09:00:00Z' },
      committer: { name: 'Normal Paulk', email: 'fabrikamfiber16@hotmail.com', date: '2024-05-07T09:00:00Z' },
      comment: `Merged PR ${options.id}: ${options.title}`,
    },
    reviewers,
    url: `${ORG}/_apis/git/repositories/${REPO_ID}/pullRequests/${options.id}`,
    completionOptions: {
      mergeCommitMessage: `Merged PR ${options.id}: ${options.title}`,
      deleteSourceBranch: true,
      squashMerge: false,
      mergeStrategy: 'noFastForward',
      transitionWorkItems: true,
    },
    supportsIterations: true,
    artifactId: `vstfs:///Git/PullRequestId/a7573007-bbb3-4341-b726-0c4148a07853%2f${REPO_ID}%2f${options.id}`,
    ...(options.closedBy !== undefined && { closedBy: options.closedBy }),
  };
}

/** A GitCommitRef as "Get Pull Request Commits" lists it. */
export function azureCommit(
  commitId: string,
  comment: string,
  author: { name: string; email: string },
  committer = author,
) {
  return {
    commitId,
    author: { ...author, date: '2024-05-06T09:58:11Z' },
    committer: { ...committer, date: '2024-05-06T09:58:11Z' },
    comment,
    url: `${ORG}/_apis/git/repositories/${REPO_ID}/commits/${commitId}`,
  };
}

function azureError(typeKey: string, message: string) {
  return {
    $id: '1',
    innerException: null,
    message,
    typeName: `Microsoft.TeamFoundation.Git.Server.${typeKey}, Microsoft.TeamFoundation.Git.Server`,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  };
}

export const AZURE_NOT_FOUND = {
  status: 404,
  json: azureError('GitPullRequestNotFoundException', 'TF401180: The requested pull request was not found.'),
};
export const AZURE_UNAUTHORIZED = {
  status: 401,
  json: azureError(
    'UnauthorizedRequestException',
    "TF400813: The user '' is not authorized to access this resource.",
  ),
};
/** What Azure DevOps answers a token it does not accept: its sign-in page, with status 203. */
export const AZURE_SIGN_IN_PAGE = {
  status: 203,
  text: '<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body></body></html>',
};
