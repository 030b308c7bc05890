import { EMPTY_ROOT } from '../core/ledger/merkleHash.ts';
import { EvidentError } from '../core/errors.ts';
import type { Actor } from '../core/model/ledgerEvent.ts';
import { checkName } from '../core/model/names.ts';
import { TOKEN_CREATED, TOKEN_PATTERN, type ApiToken, type Role } from '../core/model/token.ts';
import type { OrgStore } from '../storage/orgStore.ts';
import type { TokenStore } from '../storage/tokenStore.ts';
import type { CheckpointSigner } from './checkpointSigner.ts';
import type { Receipt } from './receipt.ts';
import type { Sequencer } from './sequencer.ts';

export const ORG_CREATED = 'org.created';

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
    input: { role: Role; description: string; expiresAt: string | null; secret?: string },
    actor: Actor,
  ): Promise<{ secret: string; id: string; receipt: Receipt }> {
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
        data: { id, role: input.role, description: input.description, expiresAt: input.expiresAt },
      },
    });
    return { secret, id, receipt };
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
