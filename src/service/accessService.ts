import { EMPTY_ROOT } from '../core/ledger/merkleHash.ts';
import { EvidentError } from '../core/errors.ts';
import type { Actor } from '../core/model/ledgerEvent.ts';
import { checkName } from '../core/model/names.ts';
import { ORG_CREATED } from '../core/model/org.ts';
import {
  TOKEN_CREATED,
  TOKEN_ID_PATTERN,
  TOKEN_PATTERN,
  TOKEN_REVOKED,
  type ApiToken,
  type Role,
  type TokenOwner,
} from '../core/model/token.ts';
import type { OrgStore } from '../storage/orgStore.ts';
import type { TokenStore } from '../storage/tokenStore.ts';
import type { CheckpointSigner } from './checkpointSigner.ts';
import type { Receipt } from './receipt.ts';
import type { Sequencer } from './sequencer.ts';

export interface AccessDeps {
  readonly sequencer: Sequencer;
  readonly orgs: OrgStore;
  readonly tokens: TokenStore;
  readonly signer: CheckpointSigner;
  readonly now: () => number;
  /** Injected randomness (DESIGN §8). */
  readonly randomBytes: (n: number) => Uint8Array;
}

/** Organisations and API tokens: who exists and who may do what. */
export class AccessService {
  constructor(private readonly deps: AccessDeps) {}

  /** Creates an org with its own log; its first entry is `org.created`. False if it existed. */
  async createOrg(name: string, actor: Actor): Promise<boolean> {
    checkName('organisation', name);
    const at = new Date(this.deps.now()).toISOString();
    const created = await this.deps.orgs.create(
      name,
      at,
      EMPTY_ROOT,
      this.deps.signer.sign(name, 0, EMPTY_ROOT),
    );
    if (created)
      await this.deps.sequencer.append(name, { event: { type: ORG_CREATED, actor, data: { name } } });
    return created;
  }

  /**
   * Creates a token; the secret is returned once and only its hash is stored. `secret` lets the
   * operator choose it (EVIDENT_BOOTSTRAP_TOKEN), otherwise 256 random bits.
   */
  async createToken(
    org: string,
    input: { role: Role; description: string; expiresAt: string | null; owner?: TokenOwner; secret?: string },
    actor: Actor,
  ): Promise<{ secret: string; id: string; receipt: Receipt }> {
    const now = new Date(this.deps.now()).toISOString();
    if (input.expiresAt !== null && input.expiresAt <= now) {
      throw new EvidentError('bad_request', `expiresAt ${input.expiresAt} is not in the future`);
    }
    if (input.description.length > 200)
      throw new EvidentError('bad_request', 'a token description is at most 200 characters');
    const secret = input.secret ?? `evd_${Buffer.from(this.deps.randomBytes(32)).toString('base64url')}`;
    if (!TOKEN_PATTERN.test(secret)) {
      throw new EvidentError('bad_request', 'a token must be "evd_" followed by 43 base64url characters');
    }
    const id = `tok_${Buffer.from(this.deps.randomBytes(8)).toString('hex')}`;
    await this.deps.tokens.addSecret(id, secret);
    const receipt = await this.deps.sequencer.append(org, {
      event: {
        type: TOKEN_CREATED,
        actor,
        data: {
          id,
          role: input.role,
          description: input.description,
          expiresAt: input.expiresAt,
          owner: input.owner ?? { kind: 'system' },
        },
      },
    });
    return { secret, id, receipt };
  }

  /** Revokes a token for good: a `token.revoked` event; it fails authentication from then on. */
  async revokeToken(org: string, id: string, actor: Actor): Promise<Receipt> {
    const token = TOKEN_ID_PATTERN.test(id) ? await this.deps.tokens.get(org, id) : undefined;
    if (token === undefined) throw new EvidentError('not_found', `token ${id} not found`);
    if (token.revokedAt !== null)
      throw new EvidentError('conflict', `token ${id} was revoked at ${token.revokedAt}`);
    return this.deps.sequencer.append(org, { event: { type: TOKEN_REVOKED, actor, data: { id } } });
  }

  listTokens(org: string, before: number | undefined, limit: number) {
    return this.deps.tokens.list(org, before, limit);
  }

  /** The token a bearer secret names, if it is valid now; otherwise an `unauthorized` error. */
  async authenticate(secret: string): Promise<ApiToken> {
    const token = TOKEN_PATTERN.test(secret) ? await this.deps.tokens.findBySecret(secret) : undefined;
    const now = new Date(this.deps.now()).toISOString();
    if (
      token === undefined ||
      token.revokedAt !== null ||
      (token.expiresAt !== null && token.expiresAt <= now)
    ) {
      throw new EvidentError('unauthorized', 'missing, unknown, expired or revoked API token');
    }
    return token;
  }

  secretKnown(secret: string): Promise<boolean> {
    return this.deps.tokens.secretExists(secret);
  }
}
