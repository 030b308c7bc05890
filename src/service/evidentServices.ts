import { signerFromSkey } from '../core/ledger/signedNote.ts';
import { ApprovalStore } from '../storage/approvalStore.ts';
import { FsBlobStore } from '../storage/blobs/fsBlobStore.ts';
import { CustomTypeStore } from '../storage/customTypeStore.ts';
import { DeliveryStore } from '../storage/deliveryStore.ts';
import { EnvironmentStore } from '../storage/environmentStore.ts';
import { FlowStore } from '../storage/flowStore.ts';
import { LedgerStore } from '../storage/ledgerStore.ts';
import type { OpenDatabase } from '../storage/openDatabase.ts';
import { OrgStore } from '../storage/orgStore.ts';
import { TokenStore } from '../storage/tokenStore.ts';
import { UserStore } from '../storage/userStore.ts';
import { WebhookDeliveryLog } from '../storage/webhookDeliveryLog.ts';
import { WebhookQueue } from '../storage/webhookQueue.ts';
import { WebhookStore } from '../storage/webhookStore.ts';
import { AccessService } from './accessService.ts';
import { ApprovalService } from './approvalService.ts';
import { ArtifactRunService } from './artifactRunService.ts';
import { AttestationTypeService } from './attestationTypeService.ts';
import { AuditPackageService } from './audit/auditPackageService.ts';
import { CheckpointSigner } from './checkpointSigner.ts';
import { DeliveryService } from './deliveryService.ts';
import { EnvironmentService } from './environmentService.ts';
import { FlowService } from './flowService.ts';
import { LedgerQueries } from './ledgerQueries.ts';
import { Notifier } from './notify/notifier.ts';
import { domainProjectors } from './projections.ts';
import { SearchService } from './searchService.ts';
import { Sequencer } from './sequencer.ts';
import { UserService } from './userService.ts';
import { VerificationService } from './verify/verificationService.ts';
import { WebhookService } from './webhookService.ts';

export interface ServiceOptions {
  readonly database: OpenDatabase;
  readonly origin: string;
  /** Private keys, oldest first; the last one signs. */
  readonly skeys: readonly string[];
  readonly vkeys: readonly string[];
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly maxBatch?: number;
  /** Folder of the evidence vault. */
  readonly evidenceDir: string;
  /** Largest evidence file accepted (default 100 MiB). */
  readonly maxEvidenceBytes?: number;
  readonly onCheckpoint?: (org: string, note: string) => void;
  /** The HTTP client webhooks are sent with (default: the global fetch). */
  readonly fetch?: typeof fetch;
  /** How long a webhook receiver may take to answer (default 10 s). */
  readonly webhookTimeoutMs?: number;
  /** Where the server mirrors each org's latest checkpoint; verifications check the log covers it. */
  readonly witnessDir?: string;
}

/** The application layer wired to one database: what the server (or a test) talks to. */
export class EvidentServices {
  readonly ledger: LedgerQueries;
  readonly ledgerStore: LedgerStore;
  readonly access: AccessService;
  readonly flows: FlowService;
  readonly users: UserService;
  readonly delivery: DeliveryService;
  readonly environments: EnvironmentService;
  /** Where and when an artifact ran (issue #7). */
  readonly runs: ArtifactRunService;
  /** Search by SHA prefix, commit or name (issue #7). */
  readonly search: SearchService;
  /** Approval requests, decisions and break-glass exceptions (issue #6). */
  readonly approvals: ApprovalService;
  readonly types: AttestationTypeService;
  readonly webhooks: WebhookService;
  /** Sends webhook notifications when ticked; the server ticks it, nothing here starts a timer. */
  readonly notifier: Notifier;
  readonly sequencer: Sequencer;
  readonly signer: CheckpointSigner;
  readonly vkeys: readonly string[];
  /** The log's state and verification runs of one org, for the web UI (issue #7). */
  readonly verifications: VerificationService;
  /** Self-contained, offline-verifiable audit packages (issue #8). */
  readonly auditPackages: AuditPackageService;

  constructor(options: ServiceOptions) {
    const { db, dialect } = options.database;
    const active = options.skeys.at(-1);
    if (active === undefined) throw new Error('no signing key');
    this.vkeys = options.vkeys;
    this.signer = new CheckpointSigner(options.origin, [signerFromSkey(active)]);
    this.ledgerStore = new LedgerStore(db, dialect, options.database.reader);
    this.sequencer = new Sequencer({
      store: this.ledgerStore,
      signer: this.signer,
      projectors: domainProjectors(),
      now: options.now,
      ...(options.maxBatch !== undefined && { maxBatch: options.maxBatch }),
      ...(options.onCheckpoint && { onCheckpoint: options.onCheckpoint }),
    });
    this.ledger = new LedgerQueries(this.ledgerStore);
    this.verifications = new VerificationService({
      database: options.database,
      ledger: this.ledgerStore,
      vkeys: options.vkeys,
      evidenceDir: options.evidenceDir,
      ...(options.witnessDir !== undefined && { witnessDir: options.witnessDir }),
      now: options.now,
      randomBytes: options.randomBytes,
    });
    this.access = new AccessService({
      sequencer: this.sequencer,
      orgs: new OrgStore(db),
      tokens: new TokenStore(db),
      signer: this.signer,
      now: options.now,
      randomBytes: options.randomBytes,
    });
    const { reader } = options.database;
    this.flows = new FlowService(this.sequencer, new FlowStore(reader));
    this.types = new AttestationTypeService(this.sequencer, new CustomTypeStore(reader));
    this.delivery = new DeliveryService({
      types: this.types,
      sequencer: this.sequencer,
      flows: new FlowStore(reader),
      store: new DeliveryStore(reader),
      blobs: new FsBlobStore(options.evidenceDir),
      maxEvidenceBytes: options.maxEvidenceBytes ?? 100 * 1024 * 1024,
    });
    this.runs = new ArtifactRunService(reader);
    this.auditPackages = new AuditPackageService({
      reader,
      ledger: this.ledgerStore,
      blobs: new FsBlobStore(options.evidenceDir),
    });
    this.search = new SearchService(new DeliveryStore(reader), reader);
    this.environments = new EnvironmentService({
      sequencer: this.sequencer,
      store: new EnvironmentStore(reader, db),
      reader,
      now: options.now,
    });
    this.approvals = new ApprovalService({
      sequencer: this.sequencer,
      store: new ApprovalStore(reader),
      environments: this.environments,
      users: new UserStore(reader),
      reader,
      now: options.now,
    });
    const environmentStore = new EnvironmentStore(reader, db);
    const webhookStore = new WebhookStore(db, reader);
    this.webhooks = new WebhookService({
      sequencer: this.sequencer,
      store: webhookStore,
      log: new WebhookDeliveryLog(reader),
      environments: environmentStore,
      randomBytes: options.randomBytes,
    });
    this.notifier = new Notifier({
      webhooks: webhookStore,
      queue: new WebhookQueue(db, dialect),
      environments: environmentStore,
      approvals: new ApprovalStore(reader),
      now: options.now,
      randomBytes: options.randomBytes,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      ...(options.webhookTimeoutMs !== undefined && { timeoutMs: options.webhookTimeoutMs }),
    });
    this.users = new UserService({
      sequencer: this.sequencer,
      users: new UserStore(db),
      access: this.access,
      now: options.now,
      randomBytes: options.randomBytes,
    });
  }
}
