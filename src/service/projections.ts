import { FLOW_SAVED } from '../core/model/flow.ts';
import { TOKEN_CREATED } from '../core/model/token.ts';
import { saveFlows } from '../storage/flowStore.ts';
import { saveTokens } from '../storage/tokenStore.ts';
import { Projectors } from './projector.ts';

/** Every projector of the domain, used by appends and by rebuilds alike. */
export function domainProjectors(): Projectors {
  return new Projectors()
    .register(FLOW_SAVED, (trx, org, events) =>
      saveFlows(
        trx,
        org,
        events.map((e) => ({
          name: str(e.data.name),
          description: str(e.data.description),
          at: e.at,
          index: e.index,
        })),
      ),
    )
    .register(TOKEN_CREATED, (trx, org, events) =>
      saveTokens(
        trx,
        org,
        events.map((e) => ({
          id: str(e.data.id),
          role: str(e.data.role),
          description: str(e.data.description),
          expiresAt: e.data.expiresAt === null ? null : str(e.data.expiresAt),
          at: e.at,
          index: e.index,
        })),
      ),
    );
}

function str(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`expected a string in event data, got ${typeof value}`);
  return value;
}
