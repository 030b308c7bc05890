import { canonicalBytes, type JsonValue } from '../core/ledger/canonicalJson.ts';
import { CompactTree } from '../core/ledger/compactTree.ts';
import { leafHash, toHex } from '../core/ledger/merkleHash.ts';
import { frontier, inclusionProofPlan, materialize, nodeKey, type NodeId } from '../core/ledger/treeMath.ts';
import { EvidentError } from '../core/errors.ts';
import {
  entryObject,
  MAX_ENTRY_BYTES,
  type Actor,
  type CommittedEvent,
  type LedgerEvent,
} from '../core/model/ledgerEvent.ts';
import {
  mustGet,
  type IdempotentMatch,
  type LedgerStore,
  type LedgerWriter,
  type NewEntry,
  type TreeHead,
} from '../storage/ledgerStore.ts';
import type { CheckpointSigner } from './checkpointSigner.ts';
import type { Projectors } from './projector.ts';
import type { Receipt } from './receipt.ts';

export interface AppendRequest {
  readonly event: LedgerEvent;
  /** Idempotency-Key and a hash of the request it came with (DESIGN §5). */
  readonly idempotency?: { readonly key: string; readonly requestHash: Uint8Array };
}

/** The request that appends one event of `type`, with the client's idempotency key if it sent one. */
export function eventRequest(
  type: string,
  actor: Actor,
  data: { [key: string]: JsonValue },
  idempotency?: AppendRequest['idempotency'],
): AppendRequest {
  return { event: { type, actor, data }, ...(idempotency && { idempotency }) };
}

export interface SequencerOptions {
  readonly store: LedgerStore;
  readonly signer: CheckpointSigner;
  readonly projectors: Projectors;
  /** Injected clock (DESIGN §8), milliseconds since the epoch. */
  readonly now: () => number;
  /** Most entries one transaction appends. */
  readonly maxBatch?: number;
  /** Told about every checkpoint signed, e.g. to keep a witness copy outside the database. */
  readonly onCheckpoint?: (org: string, note: string) => void;
}

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (receipt: Receipt) => void;
  readonly reject: (error: unknown) => void;
}

type Plan =
  | { kind: 'new'; entry: NewEntry; event: CommittedEvent }
  | { kind: 'replay'; index: number }
  | { kind: 'refused'; error: EvidentError };

/** What one request of a batch comes to: its receipt, or the error that refused it alone. */
type Outcome = Receipt | EvidentError;

/**
 * Group commit (DESIGN §3 "Sequencing"): appends that arrive while a transaction is running wait and
 * go into the next one, so one fsync covers many writes. Each transaction locks the org's tree head,
 * assigns gapless indices, writes entries (with the tree nodes they complete) and projections,
 * signs a checkpoint and advances the head; receipts are built from the same transaction.
 */
export class Sequencer {
  private readonly queues = new Map<string, Pending[]>();
  private readonly flushing = new Set<string>();
  private readonly maxBatch: number;

  constructor(private readonly options: SequencerOptions) {
    this.maxBatch = options.maxBatch ?? 256;
  }

  append(org: string, request: AppendRequest): Promise<Receipt> {
    return new Promise<Receipt>((resolve, reject) => {
      let queue = this.queues.get(org);
      if (queue === undefined) this.queues.set(org, (queue = []));
      queue.push({ request, resolve, reject });
      if (!this.flushing.has(org)) {
        this.flushing.add(org);
        // Let requests that are already being parsed join this batch.
        setImmediate(() => void this.drain(org));
      }
    });
  }

  private async drain(org: string): Promise<void> {
    const queue = this.queues.get(org) ?? [];
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      try {
        const outcomes = await this.commit(
          org,
          batch.map((p) => p.request),
        );
        batch.forEach((p, i) => settle(p, outcomes[i]));
      } catch (error) {
        // A failure of the whole transaction (not of one request) must not fail the others:
        // retry them one by one.
        if (batch.length === 1) batch[0]?.reject(error);
        else await this.isolate(org, batch);
      }
    }
    this.flushing.delete(org);
  }

  private async isolate(org: string, batch: readonly Pending[]): Promise<void> {
    for (const pending of batch) {
      try {
        const [outcome] = await this.commit(org, [pending.request]);
        settle(pending, outcome);
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  private async commit(org: string, requests: readonly AppendRequest[]): Promise<Outcome[]> {
    const { outcomes, note } = await this.options.store.withHeadLock(org, async (writer, head) => {
      const tree = new CompactTree(head.size, await frontierOf(writer, head.size));
      const at = laterOf(new Date(this.options.now()).toISOString(), head.lastAt);
      const plans = await this.plan(writer, requests, tree, at);
      const fresh = plans.filter((p) => p.kind === 'new');
      let note: string | undefined;
      if (fresh.length > 0) {
        await writer.insertEntries(
          head.size,
          fresh.map((p) => p.entry),
        );
        await this.options.projectors.apply(
          writer.trx,
          org,
          fresh.map((p) => p.event),
        );
        const next: TreeHead = { size: tree.size, rootHash: tree.root(), lastAt: at };
        note = this.options.signer.sign(org, next.size, next.rootHash);
        await writer.advanceHead(next, note);
      }
      const size = tree.size;
      const checkpoint = note ?? (await writer.checkpointNote(size));
      return { outcomes: await buildReceipts(writer, plans, size, checkpoint, head.size, fresh), note };
    });
    if (note !== undefined) this.options.onCheckpoint?.(org, note);
    return outcomes;
  }

  private async plan(
    writer: LedgerWriter,
    requests: readonly AppendRequest[],
    tree: CompactTree,
    at: string,
  ): Promise<Plan[]> {
    const keys = requests.flatMap((r) => (r.idempotency ? [r.idempotency.key] : []));
    const earlier =
      keys.length > 0 ? await writer.idempotencyMatches(keys) : new Map<string, IdempotentMatch>();
    const inBatch = new Map<string, { index: number; requestHash: Uint8Array }>();
    return requests.map((request): Plan => {
      try {
        return this.planOne(request, earlier, inBatch, tree, at);
      } catch (error) {
        if (error instanceof EvidentError) return { kind: 'refused', error };
        throw error;
      }
    });
  }

  private planOne(
    request: AppendRequest,
    earlier: ReadonlyMap<string, IdempotentMatch>,
    inBatch: Map<string, { index: number; requestHash: Uint8Array }>,
    tree: CompactTree,
    at: string,
  ): Plan {
    const idem = request.idempotency;
    if (idem !== undefined) {
      const match = earlier.get(idem.key) ?? inBatch.get(idem.key);
      if (match !== undefined) {
        if (match.requestHash === null || !sameBytes(match.requestHash, idem.requestHash)) {
          throw new EvidentError(
            'idempotency_conflict',
            `Idempotency-Key "${idem.key}" was already used for a different request (entry ${match.index})`,
            { index: match.index },
          );
        }
        return { kind: 'replay', index: match.index };
      }
    }
    const event: CommittedEvent = { ...request.event, index: tree.size, at };
    const bytes = encodeEntry(event);
    const leaf = leafHash(bytes);
    const nodes = tree.append(leaf);
    if (idem !== undefined) inBatch.set(idem.key, { index: event.index, requestHash: idem.requestHash });
    return {
      kind: 'new',
      event,
      entry: {
        entry: bytes,
        leafHash: leaf,
        nodes,
        idempotencyKey: idem?.key ?? null,
        requestHash: idem?.requestHash ?? null,
      },
    };
  }
}

function encodeEntry(event: CommittedEvent): Uint8Array {
  const bytes = canonicalBytes(entryObject(event, event.at));
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new EvidentError(
      'entry_too_large',
      `the ledger entry would be ${bytes.length} bytes; the limit is ${MAX_ENTRY_BYTES} (evidence files belong in the evidence vault)`,
    );
  }
  return bytes;
}

async function frontierOf(writer: LedgerWriter, size: number): Promise<Uint8Array[]> {
  const ids = frontier(size);
  const found = await writer.nodes(ids);
  return ids.map((id) => mustGet(found, id));
}

/** Inclusion proofs for every request, reading only the nodes this batch did not just compute. */
async function buildReceipts(
  writer: LedgerWriter,
  plans: readonly Plan[],
  size: number,
  checkpoint: string,
  firstNew: number,
  fresh: readonly Extract<Plan, { kind: 'new' }>[],
): Promise<Outcome[]> {
  const known = new Map<string, Uint8Array>();
  fresh.forEach((p, i) => {
    const index = firstNew + i;
    known.set(nodeKey({ level: 0, index }), p.entry.leafHash);
    p.entry.nodes.forEach((hash, l) => {
      const level = l + 1;
      known.set(nodeKey({ level, index: (index + 1) / 2 ** level - 1 }), hash);
    });
  });
  const indexOf = (p: Plan) => (p.kind === 'new' ? p.event.index : p.kind === 'replay' ? p.index : undefined);
  const proofPlans = plans.map((p) => {
    const index = indexOf(p);
    return index === undefined ? [] : inclusionProofPlan(index, size);
  });
  const missing = new Map<string, NodeId>();
  const replayedLeaves = plans.flatMap((p) => (p.kind === 'replay' ? [{ level: 0, index: p.index }] : []));
  for (const id of [...proofPlans.flat(2), ...replayedLeaves]) {
    if (!known.has(nodeKey(id))) missing.set(nodeKey(id), id);
  }
  for (const [key, hash] of await writer.nodes([...missing.values()])) known.set(key, hash);
  const folded = new Map<string, Uint8Array>();
  const hex = new Map<Uint8Array, string>();
  const hexOf = (hash: Uint8Array) => {
    let text = hex.get(hash);
    if (text === undefined) hex.set(hash, (text = toHex(hash)));
    return text;
  };
  return plans.map((p, i) => {
    if (p.kind === 'refused') return p.error;
    const index = p.kind === 'new' ? p.event.index : p.index;
    const hashes = materialize(proofPlans[i] as NodeId[][], (id) => mustGet(known, id), folded);
    const leaf = p.kind === 'new' ? p.entry.leafHash : mustGet(known, { level: 0, index });
    return {
      index,
      leafHash: toHex(leaf),
      checkpoint,
      inclusionProof: { index, size, hashes: hashes.map(hexOf) },
      replayed: p.kind === 'replay',
    };
  });
}

function settle(pending: Pending, outcome: Outcome | undefined): void {
  if (outcome instanceof EvidentError) pending.reject(outcome);
  else if (outcome === undefined) pending.reject(new Error('no outcome for a request of the batch'));
  else pending.resolve(outcome);
}

function laterOf(a: string, b: string): string {
  return a >= b ? a : b;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
