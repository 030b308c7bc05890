import { checkFlowInput, FLOW_SAVED, type Flow } from '../core/model/flow.ts';
import { checkAttestationType } from '../core/compliance/evaluators.ts';
import type { JsonValue } from '../core/ledger/canonicalJson.ts';
import type { Actor } from '../core/model/ledgerEvent.ts';
import { parseTemplate } from '../core/model/template.ts';
import type { FlowStore } from '../storage/flowStore.ts';
import type { Receipt } from './receipt.ts';
import type { AppendRequest, Sequencer } from './sequencer.ts';

export class FlowService {
  constructor(
    private readonly sequencer: Sequencer,
    private readonly store: FlowStore,
  ) {}

  /**
   * Creates or updates a flow: one `flow.saved` event. A `template` (YAML or JSON text) replaces the
   * flow's template for trails begun from then on; without one the template stays as it was.
   */
  async save(
    org: string,
    input: { name: string; description: unknown; template?: string | null },
    actor: Actor,
    idempotency?: AppendRequest['idempotency'],
  ): Promise<{ flow: Flow; receipt: Receipt }> {
    const { name, description } = checkFlowInput(input.name, input.description);
    const template =
      input.template === undefined
        ? undefined
        : input.template === null
          ? null
          : (parseTemplate(input.template, checkAttestationType) as unknown as JsonValue);
    const receipt = await this.sequencer.append(org, {
      event: {
        type: FLOW_SAVED,
        actor,
        data: { name, description, ...(template !== undefined && { template }) },
      },
      ...(idempotency && { idempotency }),
    });
    const flow = await this.store.get(org, name);
    if (flow === undefined) throw new Error(`flow ${name} missing right after it was saved`);
    return { flow, receipt };
  }

  get(org: string, name: string): Promise<Flow | undefined> {
    return this.store.get(org, name);
  }

  list(org: string, after: string | undefined, limit: number): Promise<Flow[]> {
    return this.store.list(org, after, limit);
  }
}
