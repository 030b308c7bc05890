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

  /**
   * Refuses to serve a database whose tree heads disagree with their logs (a restored backup of
   * only some tables, rows deleted by hand): every head needs its last entry, no entry beyond it,
   * and its signed checkpoint. Cheap — index lookups only — so it runs at every start.
   */
  async checkHeads(): Promise<void> {
    for (const org of await this.store.orgsWithLogs()) {
      const head = await this.store.head(org);
      if (head === undefined) continue;
      const around = await this.store.entries(org, Math.max(head.size - 1, 0), head.size + 1);
      const indices = around.map((e) => e.index).join(',');
      const expected = head.size === 0 ? '' : String(head.size - 1);
      const checkpoint = await this.store.latestCheckpoint(org);
      if (indices !== expected || checkpoint?.size !== head.size) {
        throw new EvidentError(
          'tampered',
          `the log of ${org} is inconsistent: its head says ${head.size} entries, the entries and checkpoints disagree; run "evident verify"`,
        );
      }
    }
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
