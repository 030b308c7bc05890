// A realistic week of org `acme` (Mon 16 – Sun 22 Nov 2026), recorded through the HTTP API only, at
// chosen times of the server's clock, for the end-to-end UI tests (issue #7): people and roles, two
// flows with templates, builds with commits and real tool outputs as evidence (one failing its tests),
// staging and prod with policies, deployments, a scale-up, a rogue artifact in prod at night, approvals
// granted, rejected and pending, and a break-glass. The only call that is not HTTP creates the `default`
// org and its admin token, as a server's first start does (startServer.ts); `acme` is created by
// POST /api/v1/orgs with that token.
import { createHash } from 'node:crypto';
import { loadSamples } from '../../src/core/compliance/samples.testdata.ts';
import { DEFAULT_ORG } from '../../src/core/model/org.ts';
import type { Role } from '../../src/core/model/token.ts';
import { httpApi, type HttpApi } from './httpApi.ts';
import type { UiServer } from './uiServer.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const system = { type: 'system' } as const;

export const ORG = 'acme';

/** A person of `acme` who signs in with a password. */
export interface SeededUser {
  readonly username: string;
  readonly password: string;
  readonly displayName: string;
  readonly role: Role;
}

/** A git commit as the pipeline reported it (DESIGN §4 Trail). */
export interface SeededCommit {
  readonly sha: string;
  readonly author: string;
  readonly committer: string;
  readonly message: string;
  readonly branch: string;
  readonly timestamp: string;
  readonly url: string;
}

/** An evidence file: a real tool output from /work/shared/samples, stored by its SHA-256. */
export interface SeededEvidence {
  readonly attestation: string;
  readonly type: 'junit' | 'trivy' | 'snyk';
  /** The sample's file name, also its name in the attestation. */
  readonly file: string;
  readonly sha256: string;
}

/** One build: a trail of a flow that reported one artifact with two typed attestations. */
export interface SeededBuild {
  readonly flow: string;
  readonly trail: string;
  readonly version: string;
  /** The artifact's name in the template (`api`, `web`). */
  readonly artifact: string;
  /** The image reference it runs under in an environment (a label only). */
  readonly image: string;
  /** SHA-256, 64 hex digits, no `sha256:` prefix. */
  readonly fingerprint: string;
  readonly commit: SeededCommit;
  readonly buildUrl: string;
  readonly repository: string;
  readonly evidence: readonly SeededEvidence[];
  /** When the trail began (ISO 8601 UTC). */
  readonly startedAt: string;
  /** The server's verdict on the trail after the last attestation, and its reasons. */
  readonly compliant: boolean;
  readonly reasons: readonly string[];
}

/** One artifact in a running set. */
export interface RunningArtifact {
  readonly name: string;
  readonly fingerprint: string;
  readonly instances: number;
}

/** A snapshot as reported: its number in the environment, when, and what ran from then on. */
export interface SeededSnapshot {
  readonly environment: string;
  readonly number: number;
  /** When it was recorded (the ledger entry's time, ISO 8601 UTC). */
  readonly at: string;
  readonly artifacts: readonly RunningArtifact[];
  /** The verdict the server reached when it was reported. */
  readonly compliant: boolean;
}

/** An approval request or break-glass exception, as the week left it. */
export interface SeededApproval {
  readonly id: number;
  readonly kind: 'request' | 'exception';
  readonly environment: string;
  readonly fingerprint: string;
  readonly status: 'pending' | 'approved' | 'rejected' | 'unreviewed';
  readonly requestedBy: string;
  readonly comment: string;
  readonly createdAt: string;
  /** A pending request that takes no more decisions (superseded by a newer build, or expired). */
  readonly stale: boolean;
  /** Who decided last, if anyone. */
  readonly decidedBy?: string;
  readonly decisionComment?: string;
}

/** Everything the UI tests need to find on screen and assert. */
export interface AuditHistory {
  readonly url: string;
  readonly org: typeof ORG;
  readonly users: {
    /** Erin Castillo, platform admin. */
    readonly admin: SeededUser;
    /** Rita Reyes, compliance officer: reads everything, decides nothing. */
    readonly reader: SeededUser;
    /** Alice Martin, release manager. */
    readonly approver: SeededUser;
    /** Bob Okafor, second approver. */
    readonly approver2: SeededUser;
    /** Audrey Lamb, external auditor. */
    readonly auditor: SeededUser;
  };
  /** API token secrets: acme's first admin token (owned by nobody), CI's writer, the cluster reporter. */
  readonly tokens: { readonly admin: string; readonly ci: string; readonly reporter: string };
  readonly serviceAccounts: { readonly ci: string; readonly reporter: string };
  readonly flows: { readonly payments: 'payments-api'; readonly web: 'web-frontend' };
  readonly environments: { readonly staging: 'staging'; readonly prod: 'prod' };
  readonly policies: { readonly prod: 'prod-rules'; readonly staging: 'staging-rules' };
  readonly builds: {
    /** payments-api 1.4.0, build-1041: compliant, "v1", in prod from Monday to Wednesday. */
    readonly apiV1: SeededBuild;
    /** payments-api build-1042: 2 failing tests, NOT compliant, never deployed. */
    readonly apiBroken: SeededBuild;
    /** payments-api 2.0.0, build-1043: compliant, "v2", staging Tuesday, prod Wednesday. */
    readonly apiV2: SeededBuild;
    /** payments-api 2.1.0, build-1044: compliant, "v3", staging Saturday, approval pending for prod. */
    readonly apiV3: SeededBuild;
    /** web-frontend 3.2.0, build-311: in prod from Monday to Friday. */
    readonly webV1: SeededBuild;
    /** web-frontend 3.3.0, build-312: in staging; its request for prod was rejected. */
    readonly webV2: SeededBuild;
    /** web-frontend 3.3.1, build-313: hotfix let into prod on Friday evening by break-glass. */
    readonly webHotfix: SeededBuild;
  };
  /** The unauthorised artifact that ran in prod from Thu 01:00 to 04:00 UTC: no pipeline reported it. */
  readonly rogue: { readonly name: string; readonly fingerprint: string };
  readonly approvals: {
    readonly apiV1: SeededApproval;
    readonly webV1: SeededApproval;
    readonly apiV2: SeededApproval;
    readonly webV2Rejected: SeededApproval;
    readonly webHotfixBreakGlass: SeededApproval;
    readonly apiV3Pending: SeededApproval;
  };
  /** Every snapshot of each environment, oldest first. */
  readonly snapshots: {
    readonly prod: readonly SeededSnapshot[];
    readonly staging: readonly SeededSnapshot[];
  };
  /**
   * "What was running in prod at 02:30 last Thursday?" (DESIGN, first question): Thu 19 Nov 2026 02:30
   * UTC, which a viewer in Zurich reads as 03:30 CET; the answer is prod's snapshot #4.
   */
  readonly question: {
    readonly at: string;
    readonly atZurich: string;
    readonly environment: 'prod';
    readonly answer: SeededSnapshot;
  };
  /** The server's clock when the seed finished (Sun 22 Nov 2026 12:00 UTC and a few ms). */
  readonly now: string;
}

const PASSWORD_SUFFIX = 'correct-horse-2026';
const user = (username: string, displayName: string, role: Role): SeededUser => ({
  username,
  displayName,
  role,
  password: `${username}-${PASSWORD_SUFFIX}`,
});

const USERS = {
  admin: user('erin', 'Erin Castillo', 'admin'),
  reader: user('rita', 'Rita Reyes', 'reader'),
  approver: user('alice', 'Alice Martin', 'approver'),
  approver2: user('bob', 'Bob Okafor', 'approver'),
  auditor: user('audrey', 'Audrey Lamb', 'auditor'),
} as const;

const DANA = 'Dana Whitfield <dana@acme.example>';
const PRIYA = 'Priya Nair <priya.nair@acme.example>';
const SAM = 'Sam Lee <sam@acme.example>';
const GITHUB = 'GitHub <noreply@github.com>';

const PAYMENTS_TEMPLATE = `version: 1
trail:
  artifacts:
    - name: api
      attestations:
        - { name: unit-tests, type: junit }
        - { name: dependency-scan, type: trivy, params: { failOn: [CRITICAL, HIGH] } }
`;

const WEB_TEMPLATE = `version: 1
trail:
  artifacts:
    - name: web
      attestations:
        - { name: unit-tests, type: junit }
        - { name: dependency-scan, type: snyk, params: { failOn: critical } }
`;

const PROD_RULES = `version: 1
artifacts:
  provenance: { required: true }
  trail-compliance: { required: true }
  approval: { required: true, approvers: 1, excludeCommitAuthors: true, expiresAfterHours: 72 }
`;

const STAGING_RULES = `version: 1
artifacts:
  provenance: { required: true }
`;

/** The real tool outputs the builds attach, checked against the samples' checksum table. */
const SAMPLES = { junit: loadSamples('junit'), trivy: loadSamples('trivy'), snyk: loadSamples('snyk') };

function sample(type: SeededEvidence['type'], file: string) {
  const found = SAMPLES[type].get(file);
  if (found === undefined) throw new Error(`no sample ${type}/${file}`);
  return found;
}

interface BuildPlan {
  readonly flow: 'payments-api' | 'web-frontend';
  readonly number: number;
  readonly version: string;
  readonly author: string;
  readonly message: string;
  readonly branch: string;
  /** When CI began the trail (UTC); the attestations follow within minutes. */
  readonly at: string;
  readonly junit: string;
  readonly scan: string;
}

const FLOW_FACTS = {
  'payments-api': {
    artifact: 'api',
    image: 'registry.acme.example/payments/api',
    repository: 'https://git.acme.example/payments/api',
    scanType: 'trivy',
  },
  'web-frontend': {
    artifact: 'web',
    image: 'registry.acme.example/web/frontend',
    repository: 'https://git.acme.example/web/frontend',
    scanType: 'snyk',
  },
} as const;

/** Shorthand for an instant of the seeded week: `at('Thu', '02:30')`. */
const DAYS = { Mon: 16, Tue: 17, Wed: 18, Thu: 19, Fri: 20, Sat: 21, Sun: 22 } as const;
export function at(day: keyof typeof DAYS, time: string): string {
  return `2026-11-${DAYS[day]}T${time.length === 5 ? `${time}:00` : time}.000Z`;
}

/**
 * Records the week described in the file comment on `server` (a fresh one: it creates the orgs) and
 * answers what was recorded. Each step sets the server's clock first. Takes about a second.
 */
export async function seedAuditHistory(
  server: Pick<UiServer, 'url' | 'services' | 'clock'>,
): Promise<AuditHistory> {
  const { url, services, clock } = server;
  const orgPath = (...parts: string[]) =>
    ['/api/v1/orgs', ORG, ...parts].map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/');

  // Mon 07:50: the server's first start made the default org and its admin token (not an HTTP call).
  clock.set(at('Mon', '07:50'));
  await services.access.createOrg(DEFAULT_ORG, system);
  const operator = await services.access.createToken(
    DEFAULT_ORG,
    { role: 'admin', description: 'bootstrap admin token', expiresAt: null },
    system,
  );
  clock.set(at('Mon', '07:55'));
  const created = await httpApi(url, operator.secret).post<{ adminToken: { secret: string } }>(
    '/api/v1/orgs',
    {
      name: ORG,
    },
  );
  const firstAdmin = httpApi(url, created.adminToken.secret);

  // Mon 08:00: the people, and the service accounts of the pipelines and the cluster reporter.
  clock.set(at('Mon', '08:00'));
  // Hashing a password takes a while (scrypt); the server hashes them side by side.
  await Promise.all(
    Object.values(USERS).map(({ username, role, displayName, password }) =>
      firstAdmin.post(orgPath('users'), { username, role, displayName, password }),
    ),
  );
  const sessions = new Map<string, { secret: string; expiresAt: number }>();
  /** The user's password session, signed in again when the clock passed its 12 hours. */
  const as = (person: SeededUser): HttpApi =>
    httpApi(url, async () => {
      const held = sessions.get(person.username);
      if (held !== undefined && held.expiresAt > clock.peek() + 60_000) return held.secret;
      const signed = await fetch(`${url}${orgPath('sessions')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: person.username, password: person.password }),
      });
      if (signed.status !== 201) throw new Error(`${person.username} cannot sign in: ${await signed.text()}`);
      const { token } = (await signed.json()) as { token: { secret: string; expiresAt: string } };
      sessions.set(person.username, { secret: token.secret, expiresAt: Date.parse(token.expiresAt) });
      return token.secret;
    });
  const erin = as(USERS.admin);
  const alice = as(USERS.approver);
  const bob = as(USERS.approver2);

  clock.set(at('Mon', '08:05'));
  const serviceAccounts = { ci: 'github-actions', reporter: 'k8s-reporter' } as const;
  await erin.post(orgPath('service-accounts'), {
    name: serviceAccounts.ci,
    description: 'GitHub Actions pipelines of payments and web',
  });
  await erin.post(orgPath('service-accounts'), {
    name: serviceAccounts.reporter,
    description: 'the snapshot CronJob in the staging and prod clusters',
  });
  const token = async (role: Role, serviceAccount: string, description: string) =>
    (
      await erin.post<{ token: { secret: string } }>(orgPath('tokens'), {
        role,
        serviceAccount,
        description,
        expiresAt: null,
      })
    ).token.secret;
  const tokens = {
    admin: created.adminToken.secret,
    ci: await token('writer', serviceAccounts.ci, 'CI: trails, artifacts, attestations'),
    reporter: await token('reporter', serviceAccounts.reporter, 'cluster snapshots'),
  };
  const ci = httpApi(url, tokens.ci);
  const reporter = httpApi(url, tokens.reporter);

  // Mon 08:10: flows with their templates, policies, environments.
  clock.set(at('Mon', '08:10'));
  await erin.put(orgPath('flows', 'payments-api'), {
    description: 'Payments API: card and SEPA payouts (Python service, container image)',
    template: PAYMENTS_TEMPLATE,
  });
  await erin.put(orgPath('flows', 'web-frontend'), {
    description: 'Customer web front end: checkout and account pages (static bundle)',
    template: WEB_TEMPLATE,
  });
  clock.set(at('Mon', '08:15'));
  await erin.put(orgPath('policies', 'staging-rules'), { source: STAGING_RULES });
  await erin.put(orgPath('policies', 'prod-rules'), { source: PROD_RULES });
  await erin.put(orgPath('environments', 'staging'), {
    type: 'k8s',
    description: 'Staging cluster (eu-central-1)',
    policies: ['staging-rules'],
  });
  await erin.put(orgPath('environments', 'prod'), {
    type: 'k8s',
    description: 'Production cluster (eu-central-1): card and SEPA payments',
    policies: ['prod-rules'],
  });

  let lastCommit: Record<string, string> = {};
  /** CI records one build: trail with commit facts, artifact, tests and a dependency scan as evidence. */
  const build = async (plan: BuildPlan): Promise<SeededBuild> => {
    const facts = FLOW_FACTS[plan.flow];
    const trail = `build-${plan.number}`;
    const fingerprint = sha256(`${facts.image}:${plan.version} ${trail}`);
    const shaOf = sha256(`${plan.flow} ${plan.message}`).slice(0, 40);
    const commit: SeededCommit = {
      sha: shaOf,
      author: plan.author,
      committer: GITHUB,
      message: plan.message,
      branch: plan.branch,
      timestamp: new Date(Date.parse(plan.at) - 20 * 60_000).toISOString(),
      url: `${facts.repository}/commit/${shaOf}`,
    };
    const parent = lastCommit[plan.flow];
    const buildUrl = `https://ci.acme.example/${plan.flow}/builds/${plan.number}`;
    clock.set(plan.at);
    await ci.put(orgPath('flows', plan.flow, 'trails', trail), {
      description: `${plan.flow} ${plan.version}`,
      commit: { ...commit, ...(parent !== undefined && { parents: [parent] }) },
      originUrl: buildUrl,
    });
    lastCommit = { ...lastCommit, [plan.flow]: shaOf };
    clock.advance(4 * 60_000);
    await ci.post(orgPath('flows', plan.flow, 'trails', trail, 'artifacts'), {
      fingerprint,
      name: facts.artifact,
      filename: `${facts.image.split('/').at(-1) ?? facts.artifact}-${plan.version}.tar`,
      commit: shaOf,
      buildUrl,
      repository: facts.repository,
    });
    const evidence: SeededEvidence[] = [];
    for (const [attestation, type, file] of [
      ['unit-tests', 'junit', plan.junit],
      ['dependency-scan', facts.scanType, plan.scan],
    ] as const) {
      clock.advance(3 * 60_000);
      const found = sample(type, file);
      await ci.putBytes(
        orgPath('evidence', found.sha256),
        found.bytes,
        type === 'junit' ? 'application/xml' : 'application/json',
      );
      await ci.post(orgPath('flows', plan.flow, 'trails', trail, 'attestations'), {
        name: attestation,
        type,
        artifact: { fingerprint },
        evidence: [{ sha256: found.sha256, name: file }],
      });
      evidence.push({ attestation, type, file, sha256: found.sha256 });
    }
    const { trail: verdict } = await ci.get<{ trail: { compliant: boolean; reasons: string[] } }>(
      orgPath('flows', plan.flow, 'trails', trail),
    );
    return {
      flow: plan.flow,
      trail,
      version: plan.version,
      artifact: facts.artifact,
      image: `${facts.image}:${plan.version}`,
      fingerprint,
      commit,
      buildUrl,
      repository: facts.repository,
      evidence,
      startedAt: plan.at,
      compliant: verdict.compliant,
      reasons: verdict.reasons,
    };
  };

  interface ApprovalAnswer {
    approval: {
      id: number;
      kind: 'request' | 'exception';
      environment: string;
      fingerprint: string;
      status: SeededApproval['status'];
      requestedBy: { name: string | null };
      comment: string | null;
      createdAt: string;
      stale: boolean;
      decisions: { by: string; comment: string | null }[];
    };
  }
  const approvalOf = ({ approval: a }: ApprovalAnswer): SeededApproval => {
    const decision = a.decisions.at(-1);
    return {
      id: a.id,
      kind: a.kind,
      environment: a.environment,
      fingerprint: a.fingerprint,
      status: a.status,
      requestedBy: a.requestedBy.name ?? '',
      comment: a.comment ?? '',
      createdAt: a.createdAt,
      stale: a.stale,
      ...(decision !== undefined && {
        decidedBy: decision.by,
        ...(decision.comment !== null && { decisionComment: decision.comment }),
      }),
    };
  };
  const request = async (when: string, b: SeededBuild, comment: string) => {
    clock.set(when);
    return approvalOf(
      await ci.post<ApprovalAnswer>(orgPath('approvals'), {
        environment: 'prod',
        fingerprint: b.fingerprint,
        comment,
      }),
    );
  };
  const decide = async (
    when: string,
    who: HttpApi,
    id: number,
    decision: 'approve' | 'reject',
    comment: string,
  ) => {
    clock.set(when);
    return approvalOf(
      await who.post<ApprovalAnswer>(orgPath('approvals', String(id), 'decisions'), { decision, comment }),
    );
  };

  const snapshots: { prod: SeededSnapshot[]; staging: SeededSnapshot[] } = { prod: [], staging: [] };
  const running = (b: SeededBuild, instances: number): RunningArtifact => ({
    name: b.image,
    fingerprint: b.fingerprint,
    instances,
  });
  /** The reporter sends what runs; a new snapshot is recorded only when the set changed. */
  const report = async (when: string, environment: 'prod' | 'staging', artifacts: RunningArtifact[]) => {
    clock.set(when);
    const answer = await reporter.put<{ changed: boolean; snapshot: number }>(
      orgPath('environments', environment, 'snapshot'),
      { artifacts },
    );
    if (!answer.changed) return;
    const recorded = await reporter.get<{ number: number; at: string; compliant: boolean }>(
      `${orgPath('environments', environment, 'snapshot')}?number=${answer.snapshot}`,
    );
    snapshots[environment].push({
      environment,
      number: recorded.number,
      at: recorded.at,
      artifacts,
      compliant: recorded.compliant,
    });
  };

  // Monday: v1 of both flows is built, approved and deployed; a later payments build fails its tests.
  const apiV1 = await build({
    flow: 'payments-api',
    number: 1041,
    version: '1.4.0',
    author: DANA,
    message: 'Add idempotency keys to refunds',
    branch: 'main',
    at: at('Mon', '09:00'),
    junit: 'pytest-large-passing.xml',
    scan: 'image-clean-sle-micro.json',
  });
  const webV1 = await build({
    flow: 'web-frontend',
    number: 311,
    version: '3.2.0',
    author: SAM,
    message: 'Show saved cards on the checkout page',
    branch: 'main',
    at: at('Mon', '09:20'),
    junit: 'vitest-junit-passing.xml',
    scan: 'test-npm-basic-array.json',
  });
  const askApiV1 = await request(at('Mon', '10:00'), apiV1, 'payments-api 1.4.0, CHG-2031');
  const askWebV1 = await request(at('Mon', '10:05'), webV1, 'web-frontend 3.2.0, CHG-2032');
  const approvedApiV1 = await decide(at('Mon', '10:30'), alice, askApiV1.id, 'approve', 'CHG-2031 reviewed');
  const approvedWebV1 = await decide(at('Mon', '10:35'), bob, askWebV1.id, 'approve', 'CHG-2032 reviewed');
  await report(at('Mon', '11:00'), 'staging', [running(apiV1, 1), running(webV1, 1)]);
  await report(at('Mon', '11:30'), 'prod', [running(apiV1, 2), running(webV1, 2)]);
  const apiBroken = await build({
    flow: 'payments-api',
    number: 1042,
    version: '1.4.1',
    author: DANA,
    message: 'Round refund amounts half-even',
    branch: 'fix/refund-rounding',
    at: at('Mon', '14:00'),
    junit: 'pytest-failures-skips-xfail.xml',
    scan: 'image-clean-sle-micro.json',
  });

  // Tuesday: v2 is built and runs in staging; the pipeline asks for prod.
  const apiV2 = await build({
    flow: 'payments-api',
    number: 1043,
    version: '2.0.0',
    author: PRIYA,
    message: 'Release 2.0: SEPA instant payouts',
    branch: 'main',
    at: at('Tue', '09:00'),
    junit: 'pytest-large-passing.xml',
    scan: 'repo-clean-cargo-with-packages.json',
  });
  await report(at('Tue', '11:00'), 'staging', [running(apiV2, 1), running(webV1, 1)]);
  const askApiV2 = await request(
    at('Tue', '15:00'),
    apiV2,
    'payments-api 2.0.0: SEPA instant payouts, CHG-2041',
  );

  // Wednesday: approved in the morning, deployed to prod, scaled up in the afternoon.
  const approvedApiV2 = await decide(
    at('Wed', '09:00'),
    alice,
    askApiV2.id,
    'approve',
    'CHG-2041 reviewed; rollback plan attached',
  );
  await report(at('Wed', '10:00'), 'prod', [running(apiV2, 2), running(webV1, 2)]);
  await report(at('Wed', '16:00'), 'prod', [running(apiV2, 4), running(webV1, 2)]);

  // Thursday night: a rogue container runs in prod from 01:00 to 04:00. Later a web release is refused.
  const rogue = {
    name: 'docker.io/xmrig/xmrig:latest',
    fingerprint: sha256('docker.io/xmrig/xmrig:latest rogue miner'),
  };
  await report(at('Thu', '01:00'), 'prod', [
    running(apiV2, 4),
    running(webV1, 2),
    { ...rogue, instances: 1 },
  ]);
  await report(at('Thu', '04:00'), 'prod', [running(apiV2, 4), running(webV1, 2)]);
  const webV2 = await build({
    flow: 'web-frontend',
    number: 312,
    version: '3.3.0',
    author: SAM,
    message: 'Redesign the checkout summary',
    branch: 'main',
    at: at('Thu', '10:00'),
    junit: 'vitest-junit-passing.xml',
    scan: 'test-npm-basic-array.json',
  });
  const askWebV2 = await request(
    at('Thu', '11:00'),
    webV2,
    'web-frontend 3.3.0: checkout redesign, CHG-2050',
  );
  await report(at('Thu', '11:30'), 'staging', [running(apiV2, 1), running(webV2, 1)]);
  const rejectedWebV2 = await decide(
    at('Thu', '14:00'),
    bob,
    askWebV2.id,
    'reject',
    'No rollback plan for the checkout redesign',
  );

  // Friday evening: an incident; a hotfix goes to prod under break-glass.
  const webHotfix = await build({
    flow: 'web-frontend',
    number: 313,
    version: '3.3.1',
    author: SAM,
    message: 'Fix blank checkout page in Safari',
    branch: 'hotfix/safari-checkout',
    at: at('Fri', '17:30'),
    junit: 'vitest-junit-passing.xml',
    scan: 'test-npm-basic-array.json',
  });
  clock.set(at('Fri', '17:50'));
  const brokeGlass = approvalOf(
    await alice.post<ApprovalAnswer>(orgPath('break-glass'), {
      environment: 'prod',
      fingerprint: webHotfix.fingerprint,
      reason: 'INC-4411: checkout blank for Safari users',
    }),
  );
  await report(at('Fri', '18:00'), 'prod', [running(apiV2, 4), running(webHotfix, 2)]);

  // Saturday: v3 is built, runs in staging, and awaits approval for prod.
  const apiV3 = await build({
    flow: 'payments-api',
    number: 1044,
    version: '2.1.0',
    author: PRIYA,
    message: 'Batch payouts per merchant',
    branch: 'main',
    at: at('Sat', '09:00'),
    junit: 'pytest-large-passing.xml',
    scan: 'repo-clean-cargo-with-packages.json',
  });
  await report(at('Sat', '09:30'), 'staging', [running(apiV3, 1), running(webHotfix, 1)]);
  const askApiV3 = await request(at('Sat', '10:00'), apiV3, 'payments-api 2.1.0: payout batching, CHG-2060');

  // Sunday noon: the reporter sees prod unchanged (only "last seen" moves).
  await report(at('Sun', '12:00'), 'prod', [running(apiV2, 4), running(webHotfix, 2)]);

  // How the week left each approval (a later request or decision may have changed an earlier one).
  const final = async (seen: SeededApproval) =>
    approvalOf({
      approval: await firstAdmin.get<ApprovalAnswer['approval']>(orgPath('approvals', String(seen.id))),
    });
  const answer = snapshots.prod.find((s) => s.at.startsWith('2026-11-19T01:00'));
  if (answer === undefined) throw new Error('prod has no snapshot of Thu 01:00');
  return {
    url,
    org: ORG,
    users: USERS,
    tokens,
    serviceAccounts,
    flows: { payments: 'payments-api', web: 'web-frontend' },
    environments: { staging: 'staging', prod: 'prod' },
    policies: { prod: 'prod-rules', staging: 'staging-rules' },
    builds: { apiV1, apiBroken, apiV2, apiV3, webV1, webV2, webHotfix },
    rogue,
    approvals: {
      apiV1: await final(approvedApiV1),
      webV1: await final(approvedWebV1),
      apiV2: await final(approvedApiV2),
      webV2Rejected: await final(rejectedWebV2),
      webHotfixBreakGlass: await final(brokeGlass),
      apiV3Pending: await final(askApiV3),
    },
    snapshots,
    question: {
      at: at('Thu', '02:30'),
      atZurich: '2026-11-19T03:30',
      environment: 'prod',
      answer,
    },
    now: new Date(clock.peek()).toISOString(),
  };
}
