import type { Actor } from '../../src/core/model/ledgerEvent.ts';
import type { Role } from '../../src/core/model/token.ts';
import { actorOf } from '../../src/server/auth.ts';
import type { EvidentServices } from '../../src/service/evidentServices.ts';

const system = { type: 'system' } as const;
const PASSWORD = 'correct horse battery staple';

/** Someone who acts through a token: its secret, and the actor the server makes of it. */
export interface Principal {
  readonly secret: string;
  readonly actor: Actor;
}

async function principal(services: EvidentServices, secret: string): Promise<Principal> {
  return { secret, actor: actorOf(await services.access.authenticate(secret)) };
}

/** A user with a role, signed in: their session token acts for them (approvals need a person). */
export async function signedInUser(
  services: EvidentServices,
  org: string,
  username: string,
  role: Role,
  displayName = username,
): Promise<Principal> {
  await services.users.create(org, { username, role, displayName, password: PASSWORD }, system);
  return principal(services, (await services.users.signIn(org, username, PASSWORD)).secret);
}

/** A CI service account's token, with a role. */
export async function serviceAccountToken(
  services: EvidentServices,
  org: string,
  name: string,
  role: Role,
): Promise<Principal> {
  if ((await services.users.serviceAccounts(org)).every((a) => a.name !== name))
    await services.users.createServiceAccount(org, { name, description: `${name} pipelines` }, system);
  const { secret } = await services.access.createToken(
    org,
    { role, description: `${name} ${role}`, expiresAt: null, owner: { kind: 'service_account', name } },
    system,
  );
  return principal(services, secret);
}

/** A token owned by nobody (like the bootstrap admin token), with a role. */
export async function systemToken(services: EvidentServices, org: string, role: Role): Promise<Principal> {
  const { secret } = await services.access.createToken(
    org,
    { role, description: `unowned ${role}`, expiresAt: null },
    system,
  );
  return principal(services, secret);
}
