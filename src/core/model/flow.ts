import { EvidentError } from '../errors.ts';
import { checkName } from './names.ts';
import type { FlowTemplate } from './template.ts';

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
