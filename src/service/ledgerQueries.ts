import { EvidentError } from '../core/errors.ts';
import { toHex } from '../core/ledger/merkleHash.ts';
import {
  consistencyProofPlan,
  inclusionProofPlan,
  materialize,
  type NodeId,
} from '../core/ledger/treeMath.ts';
import { mustGet, type LedgerStore, type StoredEntry } from '../storage/ledgerStore.ts';

/** Most entries one `entries` call returns; clients page (DESIGN §5). */
export const MAX_ENTRIES_PAGE = 1000;

/** Read side of the ledger endpoints of DESIGN §5. */
export class LedgerQueries {
  constructor(private readonly store: LedgerStore) {}

  async checkpoint(org: string): Promise<string> {
    const latest = await this.store.latestCheckpoint(org);
    if (latest === undefined) throw new EvidentError('not_found', `organisation ${org} has no log`);
    return latest.note;
  }

  async entries(org: string, start: number, end: number): Promise<StoredEntry[]> {
    const size = await this.size(org);
    if (start < 0 || end <= start) throw new EvidentError('bad_request', 'need 0 ≤ start < end');
    if (start >= size) throw new EvidentError('bad_request', `start ${start} is beyond the log size ${size}`);
    return this.store.entries(org, start, Math.min(end, size, start + MAX_ENTRIES_PAGE));
  }

  async inclusionProof(org: string, index: number, size: number): Promise<string[]> {
    await this.needSize(org, size);
    if (index < 0 || index >= size)
      throw new EvidentError('bad_request', `index ${index} is not below size ${size}`);
    return this.prove(org, inclusionProofPlan(index, size));
  }

  async consistencyProof(org: string, from: number, to: number): Promise<string[]> {
    await this.needSize(org, to);
    if (from < 1 || from > to) {
      throw new EvidentError('bad_request', `need 1 ≤ from ≤ to (no consistency proof from an empty tree)`);
    }
    return this.prove(org, consistencyProofPlan(from, to));
  }

  private async prove(org: string, plan: NodeId[][]): Promise<string[]> {
    const found = await this.store.nodes(org, plan.flat());
    return materialize(plan, (id) => mustGet(found, id)).map(toHex);
  }

  private async size(org: string): Promise<number> {
    const head = await this.store.head(org);
    if (head === undefined) throw new EvidentError('not_found', `organisation ${org} has no log`);
    return head.size;
  }

  private async needSize(org: string, size: number): Promise<void> {
    const current = await this.size(org);
    if (size < 1 || size > current) {
      throw new EvidentError('bad_request', `tree size ${size} is not between 1 and the log size ${current}`);
    }
  }
}
