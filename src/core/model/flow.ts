import { EvidentError } from '../errors.ts';
import { checkName } from './names.ts';
import type { FlowTemplate } from './template.ts';
import type { Trail } from './trail.ts';

/** A named delivery pipeline (DESIGN §4 "Flow"). */
export interface Flow {
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Ledger indices of the events that created and last changed it. */
  readonly createdIndex: number;
  readonly updatedIndex: number;
  /** What a trail of this flow must have (null: nothing required); version counts its changes. */
  readonly template: FlowTemplate | null;
  readonly templateVersion: number;
}

/** How a flow's trails stand, as the flows list answers it with each flow (issue #7, the Flows page). */
export interface FlowTrails {
  /** Every trail of the flow, and how many of them are compliant and not compliant now. */
  readonly count: number;
  readonly compliant: number;
  readonly nonCompliant: number;
  /** The newest trail (by when it began), if any. */
  readonly latest: Trail | null;
  /** The verdicts of the newest trails, newest first: at most {@link RECENT_TRAILS}. */
  readonly recent: readonly { readonly name: string; readonly compliant: boolean }[];
}

/** Trails whose verdicts the flows list gives per flow: enough to see a trend, few enough to scan. */
export const RECENT_TRAILS = 10;

export const FLOW_SAVED = 'flow.saved';

export const MAX_DESCRIPTION = 2000;

export function checkFlowInput(name: string, description: unknown): { name: string; description: string } {
  checkName('flow', name);
  if (description !== undefined && typeof description !== 'string') {
    throw new EvidentError('bad_request', 'flow description must be a string');
  }
  const text = description ?? '';
  if (text.length > MAX_DESCRIPTION) {
    throw new EvidentError('bad_request', `flow description is longer than ${MAX_DESCRIPTION} characters`);
  }
  return { name, description: text };
}
