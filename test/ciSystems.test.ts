// The built `evident` CLI run as a pipeline step of every CI system it recognises, against a real
// server process: each run sees only the variables that system sets for a real build (push and pull
// request), begins a trail and reports an artifact, and the server's copy is read back over HTTP.
// The expected values are written out by hand from each system's documented variables (the comments
// in src/cli/context/systems/*.ts cite the sources); nothing here calls the mapping under test.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Artifact, Trail } from '../src/core/model/trail.ts';
import { runCli } from './support/cli.ts';
import { startServerProcess, type ServerProcess } from './support/serverProcess.ts';

const TOKEN = `evd_${'C'.repeat(43)}`;
const FLOW = 'payments-api';
const SYSTEMS_DIR = new URL('../src/cli/context/systems/', import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'evident-ci-systems-'));

// Every variable name the system modules read (they name them as string literals), so that a variable
// a module starts reading later is stripped from the runner's environment without editing this file.
const moduleSources = readdirSync(SYSTEMS_DIR).filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
);
const MODULE_VARIABLES = new Set(
  moduleSources.flatMap((file) =>
    [...readFileSync(new URL(file, SYSTEMS_DIR), 'utf8').matchAll(/'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]!),
  ),
);
// The runner may itself be a CI job: its own variables (GITHUB_*, RUNNER_*, Jenkins' and the Git
// plugin's GIT_*, …) must not leak into a simulated run, nor git's redirections into the test repo,
// nor EVIDENT_* settings other than this file's.
const RUNNER_VARIABLE =
  /^(CI|CI_\w+|GITHUB_\w+|RUNNER_\w+|ACTIONS_\w+|GITLAB_\w+|BITBUCKET_\w+|TF_BUILD|BUILD_\w+|SYSTEM_\w+|AGENT_\w+|CIRCLE\w*|JENKINS_\w+|HUDSON_\w+|JOB_\w+|NODE_NAME|NODE_LABELS|EXECUTOR_NUMBER|WORKSPACE|CHANGE_\w+|BRANCH_NAME|TAG_NAME|GIT_\w+|TEAMCITY_\w+|CODEBUILD_\w+|BUILDKITE\w*|DRONE\w*|WOODPECKER\w*|EVIDENT_\w+)$/;

/** process.env minus every CI (and git, and EVIDENT_*) variable: `undefined` makes spawn drop it. */
function withoutCi(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.keys(process.env)
      .filter((name) => MODULE_VARIABLES.has(name) || RUNNER_VARIABLE.test(name))
      .map((name) => [name, undefined]),
  );
}

// A real repository, checked out detached as CI checkouts are: main's first commit (push builds), a
// feature branch commit (pull request heads) and the merge of the two (what GitHub, Azure and Jenkins
// build for a pull request). HEAD is the merge; push builds and the no-CI run name other commits, so a
// CLI that recorded HEAD instead of the commit it was given would be caught.
const repo = join(dir, 'repo');
mkdirSync(repo);
const gitEnv = {
  ...process.env,
  ...withoutCi(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8' }).trim();
git('init', '-q', '--initial-branch=main');
git('config', 'user.name', 'Ada Lovelace');
git('config', 'user.email', 'ada@example.com');
git('config', 'commit.gpgsign', 'false');
writeFileSync(join(repo, 'README.md'), '# payments\n');
git('add', 'README.md');
git('commit', '-q', '-m', 'Initial commit');
const BASE = git('rev-parse', 'HEAD');
git('checkout', '-q', '-b', 'feature/login');
writeFileSync(join(repo, 'login.ts'), 'export const login = () => true;\n');
git('add', 'login.ts');
git('commit', '-q', '-m', 'Add login');
const FEATURE = git('rev-parse', 'HEAD');
git('checkout', '-q', '--detach', 'main');
git('merge', '-q', '--no-ff', '-m', 'Merge pull request #17 from acme/feature/login', 'feature/login');
const MERGE = git('rev-parse', 'HEAD');
const MESSAGES: Record<string, string> = {
  [BASE]: 'Initial commit',
  [FEATURE]: 'Add login',
  [MERGE]: 'Merge pull request #17 from acme/feature/login',
};
const PARENTS: Record<string, string[]> = { [BASE]: [], [FEATURE]: [BASE], [MERGE]: [BASE, FEATURE] };

interface Expected {
  readonly commit: string;
  /** Absent when the system reports no branch (tags, TeamCity). */
  readonly branch?: string;
  /** The trail's originUrl and the artifact's buildUrl. */
  readonly buildUrl?: string;
  readonly repository?: string;
}

interface Scenario {
  /** The module file in src/cli/context/systems/ this run exercises. */
  readonly system: string;
  readonly variant: string;
  readonly env: Readonly<Record<string, string>>;
  readonly expected: Expected;
}

const GITHUB = 'https://github.com/acme/payments';

const SCENARIOS: readonly Scenario[] = [
  {
    system: 'github',
    variant: 'push',
    env: {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_SHA: BASE,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_REF_TYPE: 'branch',
      GITHUB_HEAD_REF: '',
      GITHUB_BASE_REF: '',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_REPOSITORY: 'acme/payments',
      GITHUB_REPOSITORY_OWNER: 'acme',
      GITHUB_RUN_ID: '9876543210',
      GITHUB_RUN_NUMBER: '42',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKFLOW: 'CI',
      GITHUB_JOB: 'build',
      GITHUB_ACTOR: 'octocat',
      GITHUB_WORKSPACE: '/home/runner/work/payments/payments',
      RUNNER_OS: 'Linux',
    },
    expected: {
      commit: BASE,
      branch: 'main',
      buildUrl: `${GITHUB}/actions/runs/9876543210`,
      repository: GITHUB,
    },
  },
  {
    // GITHUB_REF_NAME is `17/merge` here: the branch must come from GITHUB_HEAD_REF.
    system: 'github',
    variant: 'pull-request',
    env: {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_SHA: MERGE,
      GITHUB_REF: 'refs/pull/17/merge',
      GITHUB_REF_NAME: '17/merge',
      GITHUB_REF_TYPE: 'branch',
      GITHUB_HEAD_REF: 'feature/login',
      GITHUB_BASE_REF: 'main',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/payments',
      GITHUB_RUN_ID: '9876543211',
      GITHUB_RUN_NUMBER: '43',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_ACTOR: 'octocat',
    },
    expected: {
      commit: MERGE,
      branch: 'feature/login',
      buildUrl: `${GITHUB}/actions/runs/9876543211`,
      repository: GITHUB,
    },
  },
  {
    // A tag is not a branch: GITHUB_REF_NAME holds the tag name.
    system: 'github',
    variant: 'tag',
    env: {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_SHA: BASE,
      GITHUB_REF: 'refs/tags/v1.2.0',
      GITHUB_REF_NAME: 'v1.2.0',
      GITHUB_REF_TYPE: 'tag',
      GITHUB_HEAD_REF: '',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/payments',
      GITHUB_RUN_ID: '9876543212',
      GITHUB_ACTOR: 'octocat',
    },
    expected: { commit: BASE, buildUrl: `${GITHUB}/actions/runs/9876543212`, repository: GITHUB },
  },
  {
    system: 'gitlab',
    variant: 'push',
    env: {
      CI: 'true',
      GITLAB_CI: 'true',
      CI_SERVER_URL: 'https://gitlab.com',
      CI_PROJECT_URL: 'https://gitlab.com/acme/payments',
      CI_PROJECT_PATH: 'acme/payments',
      CI_PIPELINE_SOURCE: 'push',
      CI_PIPELINE_ID: '1234567890',
      CI_PIPELINE_URL: 'https://gitlab.com/acme/payments/-/pipelines/1234567890',
      CI_JOB_ID: '9988776655',
      CI_JOB_NAME: 'build',
      CI_JOB_URL: 'https://gitlab.com/acme/payments/-/jobs/9988776655',
      CI_COMMIT_SHA: BASE,
      CI_COMMIT_SHORT_SHA: BASE.slice(0, 8),
      CI_COMMIT_BRANCH: 'main',
      CI_COMMIT_REF_NAME: 'main',
      CI_COMMIT_REF_SLUG: 'main',
      CI_DEFAULT_BRANCH: 'main',
      GITLAB_USER_LOGIN: 'jdoe',
    },
    expected: {
      commit: BASE,
      branch: 'main',
      buildUrl: 'https://gitlab.com/acme/payments/-/jobs/9988776655',
      repository: 'https://gitlab.com/acme/payments',
    },
  },
  {
    // Merge request pipelines have no CI_COMMIT_BRANCH.
    system: 'gitlab',
    variant: 'merge-request',
    env: {
      CI: 'true',
      GITLAB_CI: 'true',
      CI_SERVER_URL: 'https://gitlab.com',
      CI_PROJECT_URL: 'https://gitlab.com/acme/payments',
      CI_PROJECT_PATH: 'acme/payments',
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_PIPELINE_ID: '1234567891',
      CI_JOB_ID: '9988776656',
      CI_JOB_URL: 'https://gitlab.com/acme/payments/-/jobs/9988776656',
      CI_COMMIT_SHA: FEATURE,
      CI_COMMIT_REF_NAME: 'feature/login',
      CI_COMMIT_REF_SLUG: 'feature-login',
      CI_MERGE_REQUEST_IID: '17',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/login',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      GITLAB_USER_LOGIN: 'jdoe',
    },
    expected: {
      commit: FEATURE,
      branch: 'feature/login',
      buildUrl: 'https://gitlab.com/acme/payments/-/jobs/9988776656',
      repository: 'https://gitlab.com/acme/payments',
    },
  },
  {
    // No build-URL variable: the result page under the origin (kept with its http scheme, as given).
    system: 'bitbucket',
    variant: 'push',
    env: {
      CI: 'true',
      BITBUCKET_BUILD_NUMBER: '314',
      BITBUCKET_COMMIT: BASE,
      BITBUCKET_BRANCH: 'main',
      BITBUCKET_WORKSPACE: 'acme',
      BITBUCKET_REPO_SLUG: 'payments',
      BITBUCKET_REPO_FULL_NAME: 'acme/payments',
      BITBUCKET_REPO_UUID: '{8a7e0c66-2f5b-4c0e-9d62-0f3d1b7a9e11}',
      BITBUCKET_GIT_HTTP_ORIGIN: 'http://bitbucket.org/acme/payments',
      BITBUCKET_GIT_SSH_ORIGIN: 'git@bitbucket.org:acme/payments.git',
      BITBUCKET_PIPELINE_UUID: '{c2b1f0e9-7d6c-4b5a-9f8e-1d2c3b4a5f6e}',
      BITBUCKET_STEP_UUID: '{0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c}',
      BITBUCKET_STEP_TRIGGERER_UUID: '{5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170}',
      BITBUCKET_CLONE_DIR: '/opt/atlassian/pipelines/agent/build',
    },
    expected: {
      commit: BASE,
      branch: 'main',
      buildUrl: 'http://bitbucket.org/acme/payments/pipelines/results/314',
      repository: 'http://bitbucket.org/acme/payments',
    },
  },
  {
    system: 'bitbucket',
    variant: 'pull-request',
    env: {
      CI: 'true',
      BITBUCKET_BUILD_NUMBER: '315',
      BITBUCKET_COMMIT: FEATURE,
      BITBUCKET_BRANCH: 'feature/login',
      BITBUCKET_PR_ID: '17',
      BITBUCKET_PR_DESTINATION_BRANCH: 'main',
      BITBUCKET_WORKSPACE: 'acme',
      BITBUCKET_REPO_SLUG: 'payments',
      BITBUCKET_REPO_FULL_NAME: 'acme/payments',
      BITBUCKET_GIT_HTTP_ORIGIN: 'http://bitbucket.org/acme/payments',
      BITBUCKET_STEP_TRIGGERER_UUID: '{5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170}',
    },
    expected: {
      commit: FEATURE,
      branch: 'feature/login',
      buildUrl: 'http://bitbucket.org/acme/payments/pipelines/results/315',
      repository: 'http://bitbucket.org/acme/payments',
    },
  },
  {
    // A branch with a slash: BUILD_SOURCEBRANCHNAME keeps only `2.4`, the real name is release/2.4.
    // The project name has a space, percent-encoded in the build URL.
    system: 'azure',
    variant: 'push',
    env: {
      TF_BUILD: 'True',
      BUILD_REASON: 'IndividualCI',
      BUILD_SOURCEVERSION: BASE,
      BUILD_SOURCEBRANCH: 'refs/heads/release/2.4',
      BUILD_SOURCEBRANCHNAME: '2.4',
      BUILD_BUILDID: '1234',
      BUILD_BUILDNUMBER: '20240501.3',
      BUILD_DEFINITIONNAME: 'payments-ci',
      BUILD_REPOSITORY_NAME: 'payments',
      BUILD_REPOSITORY_PROVIDER: 'TfsGit',
      BUILD_REPOSITORY_URI: 'https://dev.azure.com/fabrikam/Payments%20Platform/_git/payments',
      BUILD_REQUESTEDFOR: 'Raisa Pokrovskaya',
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/fabrikam/',
      SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: 'https://dev.azure.com/fabrikam/',
      SYSTEM_TEAMPROJECT: 'Payments Platform',
      AGENT_OS: 'Linux',
    },
    expected: {
      commit: BASE,
      branch: 'release/2.4',
      buildUrl: 'https://dev.azure.com/fabrikam/Payments%20Platform/_build/results?buildId=1234',
      repository: 'https://dev.azure.com/fabrikam/Payments%20Platform/_git/payments',
    },
  },
  {
    system: 'azure',
    variant: 'pull-request',
    env: {
      TF_BUILD: 'True',
      BUILD_REASON: 'PullRequest',
      BUILD_SOURCEVERSION: MERGE,
      BUILD_SOURCEBRANCH: 'refs/pull/17/merge',
      BUILD_SOURCEBRANCHNAME: 'merge',
      BUILD_BUILDID: '1240',
      BUILD_REPOSITORY_URI: 'https://dev.azure.com/fabrikam/Payments%20Platform/_git/payments',
      BUILD_REQUESTEDFOR: 'Raisa Pokrovskaya',
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/fabrikam/',
      SYSTEM_TEAMPROJECT: 'Payments Platform',
      SYSTEM_PULLREQUEST_PULLREQUESTID: '17',
      SYSTEM_PULLREQUEST_SOURCEBRANCH: 'refs/heads/users/raisa/login',
      SYSTEM_PULLREQUEST_TARGETBRANCH: 'refs/heads/main',
      SYSTEM_PULLREQUEST_ISFORK: 'False',
    },
    expected: {
      commit: MERGE,
      branch: 'users/raisa/login',
      buildUrl: 'https://dev.azure.com/fabrikam/Payments%20Platform/_build/results?buildId=1240',
      repository: 'https://dev.azure.com/fabrikam/Payments%20Platform/_git/payments',
    },
  },
  {
    system: 'circleci',
    variant: 'push',
    env: {
      CI: 'true',
      CIRCLECI: 'true',
      CIRCLE_SHA1: BASE,
      CIRCLE_BRANCH: 'main',
      CIRCLE_BUILD_NUM: '512',
      CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/payments/512',
      CIRCLE_JOB: 'build',
      CIRCLE_WORKFLOW_ID: '6d1c3c5e-8f3a-4b7e-9a3d-2c1b0a9f8e7d',
      CIRCLE_PROJECT_USERNAME: 'acme',
      CIRCLE_PROJECT_REPONAME: 'payments',
      CIRCLE_REPOSITORY_URL: 'git@github.com:acme/payments.git',
      CIRCLE_USERNAME: 'octocat',
      CIRCLE_NODE_INDEX: '0',
      CIRCLE_NODE_TOTAL: '1',
    },
    expected: {
      commit: BASE,
      branch: 'main',
      buildUrl: 'https://circleci.com/gh/acme/payments/512',
      repository: 'git@github.com:acme/payments.git',
    },
  },
  {
    system: 'circleci',
    variant: 'pull-request',
    env: {
      CI: 'true',
      CIRCLECI: 'true',
      CIRCLE_SHA1: FEATURE,
      CIRCLE_BRANCH: 'feature/login',
      CIRCLE_BUILD_NUM: '513',
      CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/payments/513',
      CIRCLE_PULL_REQUEST: `${GITHUB}/pull/17`,
      CIRCLE_PULL_REQUESTS: `${GITHUB}/pull/17`,
      CIRCLE_PROJECT_USERNAME: 'acme',
      CIRCLE_PROJECT_REPONAME: 'payments',
      CIRCLE_REPOSITORY_URL: 'git@github.com:acme/payments.git',
      CIRCLE_USERNAME: 'octocat',
    },
    expected: {
      commit: FEATURE,
      branch: 'feature/login',
      buildUrl: 'https://circleci.com/gh/acme/payments/513',
      repository: 'git@github.com:acme/payments.git',
    },
  },
  {
    // Freestyle job with the Git plugin: GIT_BRANCH is the remote branch, `origin/main`.
    system: 'jenkins',
    variant: 'freestyle',
    env: {
      JENKINS_URL: 'https://jenkins.example.com/',
      JENKINS_HOME: '/var/jenkins_home',
      BUILD_NUMBER: '88',
      BUILD_ID: '88',
      BUILD_TAG: 'jenkins-payments-88',
      BUILD_URL: 'https://jenkins.example.com/job/payments/88/',
      JOB_NAME: 'payments',
      JOB_URL: 'https://jenkins.example.com/job/payments/',
      NODE_NAME: 'built-in',
      EXECUTOR_NUMBER: '0',
      WORKSPACE: '/var/jenkins_home/workspace/payments',
      GIT_COMMIT: BASE,
      GIT_PREVIOUS_COMMIT: BASE,
      GIT_BRANCH: 'origin/main',
      GIT_URL: 'https://github.com/acme/payments.git',
    },
    expected: {
      commit: BASE,
      branch: 'main',
      buildUrl: 'https://jenkins.example.com/job/payments/88/',
      repository: 'https://github.com/acme/payments.git',
    },
  },
  {
    // Multibranch pull request job: BRANCH_NAME and GIT_BRANCH are `PR-17`, the head is CHANGE_BRANCH;
    // by default Jenkins builds the PR merged into its target.
    system: 'jenkins',
    variant: 'pull-request',
    env: {
      JENKINS_URL: 'https://jenkins.example.com/',
      JENKINS_HOME: '/var/jenkins_home',
      BUILD_NUMBER: '3',
      BUILD_ID: '3',
      BUILD_URL: 'https://jenkins.example.com/job/payments/job/PR-17/3/',
      JOB_NAME: 'payments/PR-17',
      JOB_BASE_NAME: 'PR-17',
      BRANCH_NAME: 'PR-17',
      CHANGE_ID: '17',
      CHANGE_BRANCH: 'feature/login',
      CHANGE_TARGET: 'main',
      CHANGE_URL: `${GITHUB}/pull/17`,
      GIT_COMMIT: MERGE,
      GIT_BRANCH: 'PR-17',
      GIT_URL: 'https://github.com/acme/payments.git',
    },
    expected: {
      commit: MERGE,
      branch: 'feature/login',
      buildUrl: 'https://jenkins.example.com/job/payments/job/PR-17/3/',
      repository: 'https://github.com/acme/payments.git',
    },
  },
  {
    // No Jenkins URL configured: neither JENKINS_URL nor BUILD_URL is set; the core build variables
    // still identify Jenkins. Multibranch branch job: GIT_BRANCH is the bare branch name.
    system: 'jenkins',
    variant: 'no-url',
    env: {
      JENKINS_HOME: '/var/lib/jenkins',
      BUILD_NUMBER: '12',
      BUILD_ID: '12',
      BUILD_TAG: 'jenkins-payments-main-12',
      JOB_NAME: 'payments/main',
      JOB_BASE_NAME: 'main',
      BRANCH_NAME: 'main',
      WORKSPACE: '/var/lib/jenkins/workspace/payments_main',
      GIT_COMMIT: BASE,
      GIT_BRANCH: 'main',
      GIT_URL: 'https://github.com/acme/payments.git',
    },
    expected: { commit: BASE, branch: 'main', repository: 'https://github.com/acme/payments.git' },
  },
  {
    // TeamCity gives only the commit as an environment variable (single VCS root).
    system: 'teamcity',
    variant: 'push',
    env: {
      TEAMCITY_VERSION: '2024.03.1 (build 149050)',
      TEAMCITY_PROJECT_NAME: 'Payments',
      TEAMCITY_BUILDCONF_NAME: 'Build',
      TEAMCITY_BUILD_PROPERTIES_FILE: '/opt/buildagent/temp/buildTmp/teamcity.build4821.properties',
      BUILD_NUMBER: '57',
      BUILD_VCS_NUMBER: BASE,
      BUILD_VCS_NUMBER_Payments_HttpsGithubComAcmePayments: BASE,
    },
    expected: { commit: BASE },
  },
  {
    system: 'codebuild',
    variant: 'push',
    env: {
      CODEBUILD_CI: 'true',
      CODEBUILD_BUILD_ID: 'payments-build:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      CODEBUILD_BUILD_ARN:
        'arn:aws:codebuild:eu-west-1:123456789012:build/payments-build:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      CODEBUILD_BUILD_NUMBER: '23',
      CODEBUILD_BUILD_URL:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/payments-build/build/payments-build%3A0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/?region=eu-west-1',
      CODEBUILD_INITIATOR: 'GitHub-Hookshot/a1b2c3d',
      CODEBUILD_RESOLVED_SOURCE_VERSION: BASE,
      CODEBUILD_SOURCE_VERSION: BASE,
      CODEBUILD_SOURCE_REPO_URL: 'https://github.com/acme/payments.git',
      CODEBUILD_SRC_DIR: '/codebuild/output/src123456789/src/github.com/acme/payments',
      CODEBUILD_WEBHOOK_EVENT: 'PUSH',
      CODEBUILD_WEBHOOK_HEAD_REF: 'refs/heads/main',
      CODEBUILD_WEBHOOK_TRIGGER: 'branch/main',
      AWS_REGION: 'eu-west-1',
    },
    expected: {
      commit: BASE,
      branch: 'main',
      buildUrl:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/payments-build/build/payments-build%3A0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/?region=eu-west-1',
      repository: 'https://github.com/acme/payments.git',
    },
  },
  {
    system: 'codebuild',
    variant: 'pull-request',
    env: {
      CODEBUILD_CI: 'true',
      CODEBUILD_BUILD_ID: 'payments-build:7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
      CODEBUILD_BUILD_NUMBER: '24',
      CODEBUILD_BUILD_URL:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/payments-build/build/payments-build%3A7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d/?region=eu-west-1',
      CODEBUILD_INITIATOR: 'GitHub-Hookshot/a1b2c3d',
      CODEBUILD_RESOLVED_SOURCE_VERSION: FEATURE,
      CODEBUILD_SOURCE_VERSION: 'pr/17',
      CODEBUILD_SOURCE_REPO_URL: 'https://github.com/acme/payments.git',
      CODEBUILD_WEBHOOK_EVENT: 'PULL_REQUEST_CREATED',
      CODEBUILD_WEBHOOK_HEAD_REF: 'refs/heads/feature/login',
      CODEBUILD_WEBHOOK_BASE_REF: 'refs/heads/main',
      CODEBUILD_WEBHOOK_TRIGGER: 'pr/17',
      AWS_REGION: 'eu-west-1',
    },
    expected: {
      commit: FEATURE,
      branch: 'feature/login',
      buildUrl:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/payments-build/build/payments-build%3A7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d/?region=eu-west-1',
      repository: 'https://github.com/acme/payments.git',
    },
  },
  {
    system: 'buildkite',
    variant: 'push',
    env: {
      CI: 'true',
      BUILDKITE: 'true',
      BUILDKITE_COMMIT: BASE,
      BUILDKITE_BRANCH: 'main',
      BUILDKITE_BUILD_ID: '0190b4f2-6d4e-4c1a-9a8b-7c6d5e4f3a2b',
      BUILDKITE_BUILD_NUMBER: '1514',
      BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/payments/builds/1514',
      BUILDKITE_BUILD_CREATOR: 'Keith Pitt',
      BUILDKITE_JOB_ID: '0190b4f2-7a1b-4c2d-8e3f-4a5b6c7d8e9f',
      BUILDKITE_ORGANIZATION_SLUG: 'acme',
      BUILDKITE_PIPELINE_SLUG: 'payments',
      BUILDKITE_REPO: 'git@github.com:acme/payments.git',
      BUILDKITE_SOURCE: 'webhook',
      BUILDKITE_PULL_REQUEST: 'false',
      BUILDKITE_PULL_REQUEST_BASE_BRANCH: '',
      BUILDKITE_AGENT_NAME: 'agent-1',
    },
    expected: {
      commit: BASE,
      branch: 'main',
      buildUrl: 'https://buildkite.com/acme/payments/builds/1514',
      repository: 'git@github.com:acme/payments.git',
    },
  },
  {
    system: 'buildkite',
    variant: 'pull-request',
    env: {
      CI: 'true',
      BUILDKITE: 'true',
      BUILDKITE_COMMIT: FEATURE,
      BUILDKITE_BRANCH: 'feature/login',
      BUILDKITE_BUILD_NUMBER: '1515',
      BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/payments/builds/1515',
      BUILDKITE_BUILD_CREATOR: 'Keith Pitt',
      BUILDKITE_REPO: 'git@github.com:acme/payments.git',
      BUILDKITE_SOURCE: 'webhook',
      BUILDKITE_PULL_REQUEST: '17',
      BUILDKITE_PULL_REQUEST_BASE_BRANCH: 'main',
      BUILDKITE_PULL_REQUEST_REPO: 'git://github.com/acme/payments.git',
    },
    expected: {
      commit: FEATURE,
      branch: 'feature/login',
      buildUrl: 'https://buildkite.com/acme/payments/builds/1515',
      repository: 'git@github.com:acme/payments.git',
    },
  },
  {
    system: 'drone',
    variant: 'push',
    env: {
      CI: 'true',
      DRONE: 'true',
      DRONE_BUILD_EVENT: 'push',
      DRONE_BUILD_NUMBER: '91',
      DRONE_BUILD_LINK: 'https://drone.example.com/acme/payments/91',
      DRONE_BUILD_TRIGGER: '@hook',
      DRONE_COMMIT: BASE,
      DRONE_COMMIT_SHA: BASE,
      DRONE_COMMIT_REF: 'refs/heads/main',
      DRONE_COMMIT_BRANCH: 'main',
      DRONE_COMMIT_AUTHOR: 'octocat',
      DRONE_BRANCH: 'main',
      DRONE_SOURCE_BRANCH: 'main',
      DRONE_TARGET_BRANCH: 'main',
      DRONE_REPO: 'acme/payments',
      DRONE_REPO_LINK: GITHUB,
      DRONE_GIT_HTTP_URL: 'https://github.com/acme/payments.git',
      DRONE_SYSTEM_HOST: 'drone.example.com',
      DRONE_SYSTEM_PROTO: 'https',
    },
    expected: {
      commit: BASE,
      branch: 'main',
      buildUrl: 'https://drone.example.com/acme/payments/91',
      repository: GITHUB,
    },
  },
  {
    // DRONE_BRANCH is the pull request's target; the source branch is DRONE_SOURCE_BRANCH.
    system: 'drone',
    variant: 'pull-request',
    env: {
      CI: 'true',
      DRONE: 'true',
      DRONE_BUILD_EVENT: 'pull_request',
      DRONE_BUILD_NUMBER: '92',
      DRONE_BUILD_LINK: 'https://drone.example.com/acme/payments/92',
      DRONE_BUILD_TRIGGER: '@hook',
      DRONE_COMMIT: FEATURE,
      DRONE_COMMIT_SHA: FEATURE,
      DRONE_COMMIT_REF: 'refs/pull/17/head',
      DRONE_COMMIT_BRANCH: 'main',
      DRONE_COMMIT_AUTHOR: 'octocat',
      DRONE_BRANCH: 'main',
      DRONE_SOURCE_BRANCH: 'feature/login',
      DRONE_TARGET_BRANCH: 'main',
      DRONE_PULL_REQUEST: '17',
      DRONE_REPO: 'acme/payments',
      DRONE_REPO_LINK: GITHUB,
    },
    expected: {
      commit: FEATURE,
      branch: 'feature/login',
      buildUrl: 'https://drone.example.com/acme/payments/92',
      repository: GITHUB,
    },
  },
  {
    // Woodpecker sets CI to its own name rather than `true`.
    system: 'woodpecker',
    variant: 'push',
    env: {
      CI: 'woodpecker',
      CI_SYSTEM_NAME: 'woodpecker',
      CI_SYSTEM_URL: 'https://ci.example.com',
      CI_REPO: 'acme/payments',
      CI_REPO_OWNER: 'acme',
      CI_REPO_NAME: 'payments',
      CI_REPO_URL: GITHUB,
      CI_REPO_CLONE_URL: 'https://github.com/acme/payments.git',
      CI_COMMIT_SHA: BASE,
      CI_COMMIT_REF: 'refs/heads/main',
      CI_COMMIT_BRANCH: 'main',
      CI_COMMIT_AUTHOR: 'octocat',
      CI_PIPELINE_NUMBER: '8',
      CI_PIPELINE_EVENT: 'push',
      CI_PIPELINE_URL: 'https://ci.example.com/repos/7/pipeline/8',
      CI_WORKSPACE: '/woodpecker/src/github.com/acme/payments',
    },
    expected: {
      commit: BASE,
      branch: 'main',
      buildUrl: 'https://ci.example.com/repos/7/pipeline/8',
      repository: GITHUB,
    },
  },
  {
    // CI_COMMIT_BRANCH is the target branch on pull requests; the source is CI_COMMIT_SOURCE_BRANCH.
    system: 'woodpecker',
    variant: 'pull-request',
    env: {
      CI: 'woodpecker',
      CI_SYSTEM_NAME: 'woodpecker',
      CI_SYSTEM_URL: 'https://ci.example.com',
      CI_REPO: 'acme/payments',
      CI_REPO_URL: GITHUB,
      CI_COMMIT_SHA: FEATURE,
      CI_COMMIT_REF: 'refs/pull/17/head',
      CI_COMMIT_BRANCH: 'main',
      CI_COMMIT_SOURCE_BRANCH: 'feature/login',
      CI_COMMIT_TARGET_BRANCH: 'main',
      CI_COMMIT_PULL_REQUEST: '17',
      CI_COMMIT_AUTHOR: 'octocat',
      CI_PIPELINE_NUMBER: '9',
      CI_PIPELINE_EVENT: 'pull_request',
      CI_PIPELINE_URL: 'https://ci.example.com/repos/7/pipeline/9',
    },
    expected: {
      commit: FEATURE,
      branch: 'feature/login',
      buildUrl: 'https://ci.example.com/repos/7/pipeline/9',
      repository: GITHUB,
    },
  },
];

let server: ServerProcess;

before(async () => {
  // Pretend the runner is itself a CI job (GitHub Actions on a Jenkins agent, say), so that a leak of
  // the runner's variables into a simulated run fails here too, not only when the suite runs in CI.
  Object.assign(process.env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'runner/leak',
    GITHUB_RUN_ID: '1',
    GITHUB_HEAD_REF: 'leaked-branch',
    JENKINS_URL: 'https://leak.example.com/',
    BUILD_URL: 'https://leak.example.com/job/leak/1/',
    GIT_COMMIT: 'e'.repeat(40),
  });
  server = await startServerProcess(['--data-dir', join(dir, 'server')], { EVIDENT_BOOTSTRAP_TOKEN: TOKEN });
  await evident(['create', 'flow', FLOW], {});
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in the test repository with only `simulated` as CI variables; it must exit 0. */
async function evident(args: readonly string[], simulated: Readonly<Record<string, string>>) {
  const result = await runCli(
    args,
    {
      ...withoutCi(),
      EVIDENT_HOST: server.url,
      EVIDENT_API_TOKEN: TOKEN,
      EVIDENT_STATE_DIR: join(dir, 'state'),
      EVIDENT_CONFIG: join(dir, 'no-config.json'),
      ...simulated,
    },
    { cwd: repo },
  );
  assert.equal(result.code, 0, `evident ${args.join(' ')}\n${result.stdout}${result.stderr}`);
  return result;
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${server.url}/api/v1/orgs/default${path}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * One pipeline step pair, `begin trail` then `attest artifact` of a real file, with `simulated` as
 * the CI environment; checks the fingerprint against sha256sum and returns the server's records.
 */
async function pipeline(
  trail: string,
  simulated: Readonly<Record<string, string>>,
  flags: { begin?: readonly string[]; attest?: readonly string[] } = {},
): Promise<{ saved: Trail; report: Artifact }> {
  const artifact = join(dir, `${trail}.tar`);
  writeFileSync(artifact, `build output of ${trail}\n`);
  await evident(['begin', 'trail', trail, '--flow', FLOW, ...(flags.begin ?? [])], simulated);
  const attested = await evident(
    [
      'attest',
      'artifact',
      artifact,
      '--name',
      'app',
      '--flow',
      FLOW,
      '--trail',
      trail,
      ...(flags.attest ?? []),
    ],
    simulated,
  );
  const fingerprint = execFileSync('sha256sum', [artifact], { encoding: 'utf8' }).split(' ')[0]!;
  assert.equal(attested.stdout, `artifact ${fingerprint} reported as app\n`);

  const { trail: saved, artifacts } = await api<{ trail: Trail; artifacts: Artifact[] }>(
    `/flows/${FLOW}/trails/${encodeURIComponent(trail)}`,
  );
  assert.equal(artifacts.length, 1);
  const report = artifacts[0]!;
  assert.equal(report.fingerprint, fingerprint);
  assert.equal(report.name, 'app');
  assert.equal(report.filename, `${trail}.tar`);
  const byFingerprint = await api<{ reports: { artifact: Artifact }[] }>(`/artifacts/${fingerprint}`);
  assert.deepEqual(
    byFingerprint.reports.map((r) => `${r.artifact.flow}/${r.artifact.trail}`),
    [`${FLOW}/${trail}`],
  );
  return { saved, report };
}

test('every CI system module has a simulated run here', () => {
  const modules = moduleSources
    .map((file) => file.replace(/\.ts$/, ''))
    .filter((name) => name !== 'ciSystemModule' && name !== 'registry')
    .sort();
  assert.deepEqual([...new Set(SCENARIOS.map((s) => s.system))].sort(), modules);
  assert.equal(modules.length, 11);
  // The markers must be among the variables stripped from the runner's environment.
  for (const marker of ['GITHUB_ACTIONS', 'GITLAB_CI', 'TF_BUILD', 'CIRCLECI', 'JENKINS_URL', 'CI'])
    assert.ok(MODULE_VARIABLES.has(marker), marker);
});

for (const { system, variant, env, expected } of SCENARIOS) {
  test(`${system} ${variant}: trail and artifact carry the CI system's commit, branch and URLs`, async () => {
    const { saved, report } = await pipeline(`${system}-${variant}`, env);
    assert.equal(saved.commit?.sha, expected.commit);
    assert.equal(saved.commit.branch, expected.branch);
    // The git facts come from the local repository, for the commit the CI system names.
    assert.equal(saved.commit.author, 'Ada Lovelace <ada@example.com>');
    assert.equal(saved.commit.message, MESSAGES[expected.commit]);
    assert.deepEqual(saved.commit.parents, PARENTS[expected.commit]);
    assert.equal(saved.originUrl, expected.buildUrl ?? null);
    assert.equal(report.commit, expected.commit);
    assert.equal(report.buildUrl, expected.buildUrl ?? null);
    assert.equal(report.repository, expected.repository ?? null);
  });
}

test('outside CI, --commit alone gives the commit and nothing else is invented', async () => {
  const { saved, report } = await pipeline(
    'no-ci',
    {},
    { begin: ['--commit', FEATURE], attest: ['--commit', FEATURE] },
  );
  assert.equal(saved.commit?.sha, FEATURE);
  assert.equal(saved.commit.branch, undefined);
  assert.equal(saved.originUrl, null);
  assert.equal(report.commit, FEATURE);
  assert.equal(report.buildUrl, null);
  assert.equal(report.repository, null);
});

test('flags win over the CI system: --commit, --origin-url, --build-url, --repository', async () => {
  const github = SCENARIOS.find((s) => s.system === 'github' && s.variant === 'push')!;
  const { saved, report } = await pipeline('flags-over-ci', github.env, {
    begin: ['--commit', FEATURE, '--origin-url', 'https://deploy.example.com/runs/77'],
    attest: [
      '--commit',
      FEATURE,
      '--build-url',
      'https://deploy.example.com/runs/77',
      '--repository',
      'https://git.example.com/acme/payments.git',
    ],
  });
  assert.equal(saved.commit?.sha, FEATURE);
  // The CI system's branch belongs to its own commit, not to the one --commit names.
  assert.equal(saved.commit.branch, undefined);
  assert.equal(saved.commit.message, 'Add login');
  assert.equal(saved.originUrl, 'https://deploy.example.com/runs/77');
  assert.equal(report.commit, FEATURE);
  assert.equal(report.buildUrl, 'https://deploy.example.com/runs/77');
  assert.equal(report.repository, 'https://git.example.com/acme/payments.git');
});
