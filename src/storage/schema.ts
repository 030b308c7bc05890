import type { Generated } from 'kysely';

/**
 * Tables of the Evident database, shared by the SQLite and PostgreSQL adapters (DESIGN §6).
 * Integers are JS numbers on both (PostgreSQL int8 is parsed as a number: indices stay below 2^53).
 * Byte columns are BLOB / bytea and arrive as Buffers.
 */
export interface Database {
  server_meta: ServerMetaTable;
  orgs: OrgTable;
  ledger_heads: LedgerHeadTable;
  ledger_entries: LedgerEntryTable;
  ledger_checkpoints: LedgerCheckpointTable;
  token_secrets: TokenSecretTable;
  api_tokens: ApiTokenTable;
  users: UserTable;
  user_passwords: UserPasswordTable;
  service_accounts: ServiceAccountTable;
  flows: FlowTable;
  trails: TrailTable;
  artifacts: ArtifactTable;
  attestations: AttestationTable;
  evidence: EvidenceTable;
  custom_types: CustomTypeTable;
  environments: EnvironmentTable;
  policies: PolicyTable;
  snapshots: SnapshotTable;
  snapshot_artifacts: SnapshotArtifactTable;
  environment_states: EnvironmentStateTable;
  environment_changes: EnvironmentChangeTable;
  environment_seen: EnvironmentSeenTable;
  webhooks: WebhookTable;
  webhook_secrets: WebhookSecretTable;
  webhook_cursors: WebhookCursorTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  approvals: ApprovalTable;
  approval_decisions: ApprovalDecisionTable;
  approval_attestations: AttestationTable;
  verification_runs: VerificationRunTable;
}

/** Key/value facts about this installation, e.g. the log origin fixed on first start. */
export interface ServerMetaTable {
  key: string;
  value: string;
}

export interface OrgTable {
  name: string;
  created_at: string;
}

/**
 * The tree head of one org's log: the lock row of the sequencer (DESIGN §3 "Sequencing").
 * Updated in place, but a trigger only lets it grow.
 */
export interface LedgerHeadTable {
  org: string;
  size: number;
  root_hash: Uint8Array;
  /** RFC 3339 time of the newest entry; entry times never go backwards within a log. */
  last_at: string;
}

/**
 * One ledger entry. `nodes` holds the perfect-subtree hashes (levels 1..k) that this leaf completes,
 * concatenated by level, so every stored node lives in exactly one append-only row and any proof
 * reads O(log n) rows by primary key.
 */
export interface LedgerEntryTable {
  org: string;
  idx: number;
  entry: Uint8Array;
  leaf_hash: Uint8Array;
  nodes: Uint8Array;
  idempotency_key: string | null;
  request_hash: Uint8Array | null;
}

/** Every signed checkpoint the server has issued, by tree size. */
export interface LedgerCheckpointTable {
  org: string;
  size: number;
  root_hash: Uint8Array;
  note: string;
  created_at: string;
}

/**
 * Token secrets live here as hashes, never in the ledger (DESIGN §7). A secret is usable only once
 * the `token.created` event has projected its ApiTokenTable row.
 */
export interface TokenSecretTable {
  id: string;
  token_hash: Uint8Array;
}

/** Projection of token events: who may do what, until when. */
export interface ApiTokenTable {
  id: string;
  org: string;
  role: string;
  description: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  created_index: number;
  /** Who the token acts for: a user (session), a service account, or the system (bootstrap). */
  owner_kind: Generated<string>;
  owner_name: string | null;
  revoked_index: number | null;
}

/** Projection of user events. */
export interface UserTable {
  org: string;
  username: string;
  role: string;
  display_name: string;
  created_at: string;
  created_index: number;
  updated_index: number;
}

/** scrypt hashes of user passwords; never in the ledger. */
export interface UserPasswordTable {
  org: string;
  username: string;
  hash: string;
}

/** Projection of service-account events: non-human principals that own CI tokens. */
export interface ServiceAccountTable {
  org: string;
  name: string;
  description: string;
  created_at: string;
  created_index: number;
}

/** Projection of flow events. */
export interface FlowTable {
  org: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
  created_index: number;
  updated_index: number;
  /** The flow's template as canonical JSON (null: none), and how many times it was set. */
  template: string | null;
  template_version: Generated<number>;
}

/** Projection of trail events, with the trail's computed compliance. JSON columns are canonical JSON. */
export interface TrailTable {
  org: string;
  flow: string;
  name: string;
  description: string;
  commit_sha: string | null;
  git: string | null;
  origin_url: string | null;
  user_data: string | null;
  /** The trail's own template (canonical JSON), or null to use the flow's. */
  template: string | null;
  compliant: number;
  reasons: string;
  created_at: string;
  updated_at: string;
  created_index: number;
  updated_index: number;
}

/** An artifact reported in a trail, with its computed compliance. */
export interface ArtifactTable {
  org: string;
  flow: string;
  trail: string;
  fingerprint: string;
  name: string;
  filename: string | null;
  commit_sha: string | null;
  build_url: string | null;
  repository: string | null;
  compliant: number;
  reasons: string;
  created_at: string;
  created_index: number;
}

/** Every attestation ever recorded (none is replaced: the latest of a name counts). */
export interface AttestationTable {
  org: string;
  idx: number;
  flow: string;
  trail: string;
  name: string;
  type: string;
  target_fingerprint: string | null;
  target_name: string | null;
  evidence: string;
  data: string | null;
  compliant: number;
  claimed: number;
  summary: string;
  reasons: string;
  created_at: string;
}

/** Evidence files an org stored (the bytes live in the blob store, by SHA-256). */
export interface EvidenceTable {
  org: string;
  sha256: string;
  size: number;
  media_type: string;
  created_at: string;
  created_index: number;
}

/** Every version of a user-defined attestation type, as its definition's source text. */
export interface CustomTypeTable {
  org: string;
  name: string;
  version: number;
  source: string;
  created_at: string;
  created_index: number;
}

/** Projection of `environment.saved`, with the number of its latest snapshot and its compliance. */
export interface EnvironmentTable {
  org: string;
  name: string;
  type: string;
  description: string;
  /** JSON list of environment names (logical environments). */
  includes: string;
  /** JSON list of policy names. */
  policies: string;
  snapshots: number;
  compliant: number;
  created_at: string;
  updated_at: string;
  created_index: number;
  updated_index: number;
}

/** Every version of every policy, as written. */
export interface PolicyTable {
  org: string;
  name: string;
  version: number;
  source: string;
  created_at: string;
  created_index: number;
}

/** A recorded running set: only when it differs from the one before. */
export interface SnapshotTable {
  org: string;
  environment: string;
  number: number;
  at: string;
  idx: number;
  /** Canonical JSON of the running set. */
  artifacts: string;
}

/** The running set of each snapshot, one row an artifact: where did a fingerprint run? */
export interface SnapshotArtifactTable {
  org: string;
  environment: string;
  number: number;
  name: string;
  fingerprint: string;
  instances: number;
}

/**
 * The compliance timeline: each verdict on an environment's current snapshot, from when it was
 * reached (a snapshot reported, a policy changed) until the next one.
 */
export interface EnvironmentStateTable {
  org: string;
  environment: string;
  idx: number;
  at: string;
  snapshot: number;
  compliant: number;
  /** JSON: each artifact's verdict, reasons and provenance. */
  results: string;
}

/** The change log: artifacts started, stopped or scaled, with the verdict when they changed. */
export interface EnvironmentChangeTable {
  org: string;
  environment: string;
  idx: number;
  seq: number;
  at: string;
  snapshot: number;
  kind: string;
  name: string;
  fingerprint: string;
  instances_before: number;
  instances_after: number;
  compliant: number;
  reasons: string;
  unauthorised: number;
  provenance: string;
  /** JSON list of the verdict's notes (break-glass exceptions), or null when it has none. */
  notes: string | null;
}

/** When a reporter last reported (outside the ledger: it changes on every report). */
export interface EnvironmentSeenTable {
  org: string;
  environment: string;
  last_seen_at: string;
}

/** Projection of `webhook.saved` / `webhook.deleted`: no credential, only where they are kept. */
export interface WebhookTable {
  org: string;
  name: string;
  kind: string;
  /** JSON list of event types. */
  events: string;
  /** JSON list of environment names (empty: all). */
  environments: string;
  /** scheme://host[:port] of the URL. */
  origin: string;
  /** The `webhook_secrets` row holding the URL and secret. */
  secret_id: string;
  created_at: string;
  updated_at: string;
  /** The webhook's id: the index of the entry that created it. */
  created_index: number;
  updated_index: number;
}

/**
 * Webhook credentials: the full URL (a Slack incoming-webhook URL is a credential by itself) and
 * the HMAC secret of generic webhooks. Never in the ledger (DESIGN §7); a row takes effect only
 * once a `webhook.saved` event names it.
 */
export interface WebhookSecretTable {
  id: string;
  org: string;
  url: string;
  secret: string | null;
}

/** How far into the ledger a webhook has been given its events (notifier state, not a projection). */
export interface WebhookCursorTable {
  org: string;
  webhook_id: number;
  event: string;
  after_index: number;
}

/** One notification to one webhook and its state; with `webhook_attempts`, the delivery log. */
export interface WebhookDeliveryTable {
  /** Derived from what is notified to whom, so enqueueing twice is harmless. */
  id: string;
  org: string;
  webhook_id: number;
  event: string;
  environment: string;
  /** The ledger index of the entry the event comes from. */
  source_index: number;
  /** Canonical JSON of the WebhookPayload. */
  payload: string;
  status: string;
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  delivered_at: string | null;
  /** Who is sending it now, and until when that claim holds. */
  claim: string | null;
  claimed_until: string | null;
}

/** Each try of a delivery: the receiver's status code or the error, and when. */
export interface WebhookAttemptTable {
  delivery_id: string;
  attempt: number;
  started_at: string;
  finished_at: string;
  status_code: number | null;
  error: string | null;
}

/**
 * Approval requests and break-glass exceptions (issue #6), by the index of the entry that created
 * them. Decisions live in `approval_decisions`; `status` is derived from them.
 */
export interface ApprovalTable {
  org: string;
  id: number;
  kind: string;
  environment: string;
  fingerprint: string;
  status: string;
  /** JSON Party: who asked, or who broke the glass. */
  requested_by: string;
  comment: string | null;
  required: number;
  expires_at: string | null;
  superseded_by: number | null;
  /** JSON ApprovalChange (requests only). */
  change: string | null;
  created_at: string;
  updated_at: string;
  updated_index: number;
}

/** Every decision on a request, and every review of an exception. */
export interface ApprovalDecisionTable {
  org: string;
  idx: number;
  approval: number;
  decision: string;
  decided_by: string;
  comment: string | null;
  at: string;
}

/**
 * One verification run of an org's log by the server (issue #7): an observation kept outside the
 * ledger, newest runs only. `findings` is a JSON array of the first findings, `actor` the JSON actor.
 */
export interface VerificationRunTable {
  id: string;
  org: string;
  started_at: string;
  finished_at: string;
  /** 1 when nothing was found, else 0. */
  ok: number;
  size: number;
  root_hash: string;
  finding_count: number;
  findings: string;
  actor: string;
}
