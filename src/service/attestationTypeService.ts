import { parseCustomType, type CustomType } from '../core/compliance/custom/customType.ts';
import { EvidentError } from '../core/errors.ts';
import type { Actor } from '../core/model/ledgerEvent.ts';
import type { CustomTypeStore, StoredCustomType } from '../storage/customTypeStore.ts';
import type { Receipt } from './receipt.ts';
import type { Sequencer } from './sequencer.ts';

export const ATTESTATION_TYPE_DEFINED = 'attestation_type.defined';

/**
 * User-defined attestation types (`custom:<name>`: JSON Schema + CEL rules). Each definition is a
 * new version in the ledger, its source text kept verbatim; attestations use the latest version and
 * record which one they were judged by.
 */
export class AttestationTypeService {
  private readonly parsed = new Map<string, CustomType>();

  constructor(
    private readonly sequencer: Sequencer,
    private readonly store: CustomTypeStore,
  ) {}

  async define(
    org: string,
    name: string,
    source: string,
    actor: Actor,
  ): Promise<{ version: number; receipt: Receipt }> {
    const type = parseCustomType(source);
    if (type.name !== name) {
      throw new EvidentError(
        'bad_request',
        `the definition is named "${type.name}", but the URL names "${name}"`,
      );
    }
    const version = ((await this.store.latest(org, name))?.version ?? 0) + 1;
    const receipt = await this.sequencer.append(org, {
      event: { type: ATTESTATION_TYPE_DEFINED, actor, data: { name, version, source } },
    });
    return { version, receipt };
  }

  /** The latest version of a type, compiled (and cached: a version never changes). */
  async latest(org: string, name: string): Promise<{ version: number; type: CustomType } | undefined> {
    const stored = await this.store.latest(org, name);
    if (stored === undefined) return undefined;
    const key = `${org}/${name}/${stored.version}`;
    let type = this.parsed.get(key);
    if (type === undefined) {
      type = parseCustomType(stored.source);
      if (this.parsed.size > 1000) this.parsed.clear();
      this.parsed.set(key, type);
    }
    return { version: stored.version, type };
  }

  all(org: string): Promise<StoredCustomType[]> {
    return this.store.all(org);
  }
}
