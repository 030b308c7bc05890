import type { Kysely } from 'kysely';
import { approvalOutcome } from '../core/compliance/approvalGrants.ts';
import { checkBreakGlass, checkDecision } from '../core/compliance/approvalRules.ts';
import { EvidentError } from '../core/errors.ts';
import type { JsonValue } from '../core/ledger/canonicalJson.ts';
import {
  APPROVAL_DECIDED,
  APPROVAL_EXCEPTION,
  APPROVAL_EXCEPTION_REVIEWED,
  APPROVAL_REQUESTED,
  MAX_CHANGE_ITEMS,
  MAX_COMMENT,
  type Approval,
  type ApprovalCheck,
  type Decision,
} from '../core/model/approval.ts';
import type { Environment } from '../core/model/environment.ts';
import type { Actor } from '../core/model/ledgerEvent.ts';
import type { ApprovalRule } from '../core/model/policy.ts';
import { checkSha256 } from '../core/model/trail.ts';
import { approvalFacts } from '../storage/approvalFacts.ts';
import type { ApprovalQuery, ApprovalStore } from '../storage/approvalStore.ts';
import { fingerprintReports } from '../storage/fingerprintReports.ts';
import type { Database } from '../storage/schema.ts';
import type { UserStore } from '../storage/userStore.ts';
import { approvalChange, commitsOf } from './approvalChange.ts';
import type { EnvironmentService } from './environmentService.ts';
import type { Receipt } from './receipt.ts';
import { eventRequest, type AppendRequest, type Sequencer } from './sequencer.ts';

type Idempotency = AppendRequest['idempotency'];

export interface ApprovalDeps {
  readonly sequencer: Sequencer;
  readonly store: ApprovalStore;
  readonly environments: EnvironmentService;
  readonly users: UserStore;
  /** Read connection for the facts a gate and a request look at. */
  readonly reader: Kysely<Database>;
  readonly now: () => number;
}

/** `assert approval` in an environment whose policies ask for none: one approval is what it means. */
const AT_LEAST_ONE: Pick<ApprovalRule, 'approvers'> = { approvers: 1 };

/**
 * Approvals and segregation of duties (issue #6, DESIGN §4 "Approval"): requests, decisions,
 * break-glass exceptions and their review, and the approval gate. Every rule is checked here, before
 * anything is appended, so a refusal records nothing.
 */
export class ApprovalService {
  constructor(private readonly deps: ApprovalDeps) {}

  /**
   * Asks for approval of a fingerprint into a physical environment, recording the change it makes.
   * While a request for the same fingerprint and environment stands (pending, or approved and not
   * past its deadline), asking again answers with it and appends nothing (a pipeline re-run asks
   * twice).
   */
  async request(
    org: string,
    input: { environment: string; fingerprint: string; comment?: string },
    actor: Actor,
    idempotency?: Idempotency,
  ): Promise<{ approval: Approval; receipt: Receipt | null }> {
    const env = await this.physicalEnvironment(org, input.environment);
    const fingerprint = checkSha256(input.fingerprint);
    const comment = commentOf(input.comment);
    const open = await this.deps.store.openRequest(org, env.name, fingerprint, this.instant());
    if (open !== undefined) return { approval: open, receipt: null };
    const rules = await this.rulesOf(org, env);
    const expiries = rules.flatMap((r) => (r.expiresAfterHours === undefined ? [] : [r.expiresAfterHours]));
    const change = await approvalChange(this.deps, org, env, fingerprint);
    const data = {
      environment: env.name,
      fingerprint,
      comment,
      required: Math.max(1, ...rules.map((r) => r.approvers)),
      expiresAfterHours: expiries.length === 0 ? null : Math.min(...expiries),
      change: change as unknown as JsonValue,
    };
    return this.create(org, eventRequest(APPROVAL_REQUESTED, actor, data, idempotency));
  }

  /**
   * Approves or rejects a request, or reviews an exception (by its id), after every rule of
   * checkDecision. A retry of a recorded decision (same Idempotency-Key) is answered with its
   * receipt instead of being judged again.
   */
  async decide(
    org: string,
    id: number,
    input: { decision: Decision; comment?: string },
    actor: Actor,
    idempotency?: Idempotency,
  ): Promise<{ approval: Approval; receipt: Receipt }> {
    const approval = await this.get(org, id);
    const comment = commentOf(input.comment);
    const request = approval.kind === 'request';
    const replay = idempotency !== undefined && (await this.deps.store.keyUsed(org, idempotency.key));
    const user = actor.type === 'token' && actor.user !== undefined ? actor.user : undefined;
    const person = replay
      ? (user ?? '')
      : checkDecision({
          actor,
          displayName: user === undefined ? '' : ((await this.deps.users.get(org, user))?.displayName ?? ''),
          approval,
          decision: input.decision,
          comment,
          excludedAuthors: request ? await this.excludedAuthors(org, approval) : null,
        });
    const data = {
      [request ? 'request' : 'exception']: id,
      decision: input.decision,
      comment,
      user: person,
    };
    const event = request ? APPROVAL_DECIDED : APPROVAL_EXCEPTION_REVIEWED;
    const receipt = await this.deps.sequencer.append(org, eventRequest(event, actor, data, idempotency));
    return { approval: await this.get(org, id), receipt };
  }

  /**
   * Break-glass: lets a fingerprint into an environment without approval, by a named user with a
   * reason. It counts as approval at once, is flagged wherever it does, and awaits review.
   */
  async breakGlass(
    org: string,
    input: { environment: string; fingerprint: string; reason: string },
    actor: Actor,
    idempotency?: Idempotency,
  ): Promise<{ approval: Approval; receipt: Receipt }> {
    const env = await this.physicalEnvironment(org, input.environment);
    const fingerprint = checkSha256(input.fingerprint);
    const reason = commentOf(input.reason);
    if (reason === null) throw new EvidentError('bad_request', 'break-glass needs a reason');
    const user = checkBreakGlass(actor);
    const data = { environment: env.name, fingerprint, reason, user };
    return this.create(org, eventRequest(APPROVAL_EXCEPTION, actor, data, idempotency));
  }

  async get(org: string, id: number): Promise<Approval> {
    const found = await this.deps.store.approval(org, id, this.instant());
    if (found === undefined) throw new EvidentError('not_found', `approval ${id} not found`);
    return found;
  }

  list(org: string, query: ApprovalQuery): Promise<Approval[]> {
    return this.deps.store.list(org, query, this.instant());
  }

  /**
   * The approval gate (`evident assert approval`): is the fingerprint approved into the environment
   * now (for a logical one: into every member), under each approval rule of its policies — or, where
   * they have none, by at least one approval?
   */
  async check(org: string, environment: string, fingerprint: string): Promise<ApprovalCheck> {
    const hex = checkSha256(fingerprint);
    const env = await this.deps.environments.environment(org, environment);
    const targets = await this.deps.environments.physical(org, env);
    const at = this.instant();
    const reasons: string[] = [];
    const notes = new Set<string>();
    const approvers = new Set<string>();
    for (const target of targets) {
      const rules = await this.rulesOf(org, target);
      const [facts] = await approvalFacts(
        this.deps.reader,
        org,
        target.name,
        [{ name: hex, fingerprint: hex, instances: 1 }],
        at,
        false,
      );
      if (facts === undefined) throw new Error('approvalFacts answers one entry per artifact');
      for (const rule of rules.length === 0 ? [AT_LEAST_ONE] : rules) {
        const outcome = approvalOutcome(rule, facts, target.name);
        outcome.approvers.forEach((a) => approvers.add(a));
        if (outcome.note !== undefined) notes.add(outcome.note);
        if (outcome.reason !== undefined) reasons.push(outcome.reason);
      }
    }
    return { approved: reasons.length === 0, reasons, notes: [...notes], approvers: [...approvers].sort() };
  }

  /** The required approval rules of an environment's policies. */
  private async rulesOf(org: string, env: Environment): Promise<ApprovalRule[]> {
    return (await this.deps.environments.policiesOf(org, env)).flatMap((p) =>
      p.policy.approval?.required === true ? [p.policy.approval] : [],
    );
  }

  /**
   * The commits whose authors and committers may not decide, when a policy of the environment says
   * so: those recorded with the request, and those of trails that reported the fingerprint since.
   */
  private async excludedAuthors(org: string, approval: Approval) {
    const env = await this.deps.environments.environment(org, approval.environment);
    if (!(await this.rulesOf(org, env)).some((r) => r.excludeCommitAuthors)) return null;
    const now = await fingerprintReports(this.deps.reader, org, approval.fingerprint, MAX_CHANGE_ITEMS);
    return [...(approval.change?.commits ?? []), ...commitsOf(now)];
  }

  private async physicalEnvironment(org: string, name: string): Promise<Environment> {
    const env = await this.deps.environments.environment(org, name);
    if (env.type === 'logical')
      throw new EvidentError(
        'bad_request',
        `${name} is logical: approvals are for the environments it includes (${env.includes.join(', ')})`,
      );
    return env;
  }

  /** Appends the event that creates a request or an exception (its id is the entry's index). */
  private async create(org: string, request: AppendRequest) {
    const receipt = await this.deps.sequencer.append(org, request);
    return { approval: await this.get(org, receipt.index), receipt };
  }

  private instant(): string {
    return new Date(this.deps.now()).toISOString();
  }
}

/** A comment or reason: trimmed, null when empty, at most MAX_COMMENT characters. */
function commentOf(value: string | undefined): string | null {
  const text = value?.trim() ?? '';
  if (text.length > MAX_COMMENT)
    throw new EvidentError('bad_request', `a comment is at most ${MAX_COMMENT} characters`);
  return text === '' ? null : text;
}
