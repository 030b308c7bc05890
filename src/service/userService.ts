import { EvidentError } from '../core/errors.ts';
import type { Actor } from '../core/model/ledgerEvent.ts';
import { checkName } from '../core/model/names.ts';
import type { Role } from '../core/model/token.ts';
import {
  checkPassword as checkPasswordPolicy,
  checkUsername,
  SERVICE_ACCOUNT_CREATED,
  USER_CREATED,
  USER_PASSWORD_CHANGED,
  USER_ROLE_CHANGED,
  type ServiceAccount,
  type User,
} from '../core/model/user.ts';
import type { UserStore } from '../storage/userStore.ts';
import type { AccessService } from './accessService.ts';
import { checkPassword, hashPassword } from './passwords.ts';
import type { Receipt } from './receipt.ts';
import type { Sequencer } from './sequencer.ts';

/** How long a password sign-in lasts. */
export const SESSION_HOURS = 12;

export interface UserDeps {
  readonly sequencer: Sequencer;
  readonly users: UserStore;
  readonly access: AccessService;
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
}

/**
 * People and service accounts (DESIGN §5, §7). Their creation and role changes are ledger events;
 * passwords are scrypt hashes kept outside the ledger, and a password change is recorded without it.
 */
export class UserService {
  constructor(private readonly deps: UserDeps) {}

  async create(
    org: string,
    input: { username: string; role: Role; displayName: string; password: string },
    actor: Actor,
  ): Promise<{ user: User; receipt: Receipt }> {
    const username = checkUsername(input.username);
    const password = checkPasswordPolicy(input.password);
    if (input.displayName.length > 200)
      throw new EvidentError('bad_request', 'a display name is at most 200 characters');
    if ((await this.deps.users.get(org, username)) !== undefined) {
      throw new EvidentError('conflict', `user ${username} already exists`);
    }
    // The hash is stored first: a user without a password row cannot sign in, so a failure between
    // the two writes leaves nothing usable behind.
    await this.deps.users.setPasswordHash(
      org,
      username,
      await hashPassword(password, this.deps.randomBytes(16)),
    );
    const receipt = await this.deps.sequencer.append(org, {
      event: {
        type: USER_CREATED,
        actor,
        data: { username, role: input.role, displayName: input.displayName },
      },
    });
    const user = await this.deps.users.get(org, username);
    if (user === undefined) throw new Error(`user ${username} missing right after it was created`);
    return { user, receipt };
  }

  async changeRole(org: string, username: string, role: Role, actor: Actor): Promise<Receipt> {
    await this.existing(org, username);
    return this.deps.sequencer.append(org, {
      event: { type: USER_ROLE_CHANGED, actor, data: { username, role } },
    });
  }

  async changePassword(org: string, username: string, password: string, actor: Actor): Promise<Receipt> {
    await this.existing(org, username);
    const hash = await hashPassword(checkPasswordPolicy(password), this.deps.randomBytes(16));
    await this.deps.users.setPasswordHash(org, username, hash);
    return this.deps.sequencer.append(org, {
      event: { type: USER_PASSWORD_CHANGED, actor, data: { username } },
    });
  }

  /**
   * Password sign-in: a session token for the user, valid for SESSION_HOURS, with the user's role
   * (which follows later role changes). The session's creation is a ledger event like any token's.
   */
  async signIn(
    org: string,
    username: string,
    password: string,
  ): Promise<{ secret: string; id: string; expiresAt: string }> {
    const hash = await this.deps.users.passwordHash(org, username);
    const user = hash === undefined ? undefined : await this.deps.users.get(org, username);
    // Unknown users cost a hash too, so timing does not tell which usernames exist.
    const valid = await checkPassword(password, hash ?? UNKNOWN_USER_HASH);
    if (user === undefined || !valid)
      throw new EvidentError('unauthorized', 'unknown user or wrong password');
    const expiresAt = new Date(this.deps.now() + SESSION_HOURS * 3600_000).toISOString();
    const { secret, id } = await this.deps.access.createToken(
      org,
      {
        role: user.role,
        description: `session of ${username}`,
        expiresAt,
        owner: { kind: 'user', name: username },
      },
      { type: 'user', username },
    );
    return { secret, id, expiresAt };
  }

  get(org: string, username: string): Promise<User | undefined> {
    return this.deps.users.get(org, username);
  }

  list(org: string, after: string | undefined, limit: number): Promise<User[]> {
    return this.deps.users.list(org, after, limit);
  }

  async createServiceAccount(
    org: string,
    input: { name: string; description: string },
    actor: Actor,
  ): Promise<{ serviceAccount: ServiceAccount; receipt: Receipt }> {
    const name = checkName('service account', input.name);
    if ((await this.deps.users.serviceAccount(org, name)) !== undefined) {
      throw new EvidentError('conflict', `service account ${name} already exists`);
    }
    const receipt = await this.deps.sequencer.append(org, {
      event: { type: SERVICE_ACCOUNT_CREATED, actor, data: { name, description: input.description } },
    });
    const serviceAccount = await this.deps.users.serviceAccount(org, name);
    if (serviceAccount === undefined)
      throw new Error(`service account ${name} missing right after it was created`);
    return { serviceAccount, receipt };
  }

  async serviceAccount(org: string, name: string): Promise<ServiceAccount> {
    const account = await this.deps.users.serviceAccount(org, name);
    if (account === undefined) throw new EvidentError('not_found', `service account ${name} not found`);
    return account;
  }

  serviceAccounts(org: string): Promise<ServiceAccount[]> {
    return this.deps.users.serviceAccounts(org);
  }

  private async existing(org: string, username: string): Promise<User> {
    const user = await this.deps.users.get(org, username);
    if (user === undefined) throw new EvidentError('not_found', `user ${username} not found`);
    return user;
  }
}

/** A valid hash of a random password nobody knows: sign-ins of unknown users check against it. */
const UNKNOWN_USER_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$L0HC1A8jZsBFmImeqOq0pb6bCKAhX3xYc8ScmG4DVOk=';
