// The gateway's tables as Kysely sees them: one typed description shared by the
// SQLite and PostgreSQL engines. Epoch-millisecond columns are INTEGER on SQLite
// and BIGINT on PostgreSQL (read back as numbers); flags are 0/1 integers on both.
import type { Generated } from 'kysely';
import type { LiveTables } from './live/tables.ts';
import type { TransparencyLogTables } from './tlog-tables.ts';

export interface UsersTable {
  user_id: string;
  username: string;
  display_name: string;
  /** JSON array of roles. */
  roles: string;
  password_hash: string;
  mfa_secret_sealed: string | null;
  failed_attempts: Generated<number>;
  locked_until: number | null;
  last_totp_step: number | null;
  disabled_at: number | null;
  must_change_password: Generated<number>;
  password_expires_at: number | null;
  created_at: Generated<number>;
  last_sign_in_at: number | null;
  disabled_reason: string | null;
  enabled_at: number | null;
  mfa_pending_sealed: string | null;
  mfa_pending_expires_at: number | null;
  mfa_required: Generated<number>;
  /** 1: signs in only through the identity provider (migration 012). */
  sso_only: Generated<number>;
  /** The identity provider's own ID of a person it provisioned over SCIM. */
  external_id: string | null;
  /** JSON: the SCIM attributes without a column of their own (name, emails, groups); null for an account SCIM never provisioned. */
  scim_profile: string | null;
  /** Counts SCIM changes: the resource's ETag. */
  scim_version: Generated<number>;
  /** A SCIM DELETE: the account stays, disabled, for the audit trail, and is gone from SCIM. */
  scim_removed_at: number | null;
  /** After an admin's MFA reset (migration 013): the hash of the one-time enrolment code, and when it runs out. */
  mfa_reset_hash: string | null;
  mfa_reset_expires_at: number | null;
  /** The admin who created the account (migration 013), or last reset its password or MFA; null for the first admin, demo accounts and older ones. */
  created_by: Generated<string | null>;
}

export interface PasswordHistoryTable {
  entry_id: Generated<number>;
  user_id: string;
  password_hash: string;
  set_at: number;
}

export interface AccessReviewsTable {
  review_id: string;
  at: number;
  by_user_id: string;
  by_username: string;
  note: string;
  accounts: number;
  /** Epoch ms: the generatedAt of the review it acknowledged (migration 013); null before binding. */
  covers_through: number | null;
  review_hash: string | null;
}

/** A review the gateway generated (migration 013): what a sign-off may name. */
export interface AccessReviewGenerationsTable {
  generated_at: number;
  review_hash: string;
  by_user_id: string;
}

/** A change waiting for a second admin (migration 022). */
export interface AdminApprovalsTable {
  approval_id: string;
  /** 'create' or 'roles'. */
  kind: string;
  user_id: string;
  username: string;
  display_name: string;
  /** JSON array of roles. */
  roles: string;
  reason: string;
  requested_by: string;
  requested_at: number;
  expires_at: number;
  /** 'approved' or 'rejected'; null while open. */
  decision: string | null;
  decided_by: string | null;
  decided_at: number | null;
}

export interface EnrolmentGrantsTable {
  grant_id: string;
  kind: string;
  secret_hash: string;
  reason: string;
  issued_by: string;
  issued_at: number;
  expires_at: number;
  used_at: number | null;
  used_by_device: string | null;
  /** Revoked by an admin (migration 013): no desk enrols with it any more. */
  revoked_at: Generated<number | null>;
  revoked_by: Generated<string | null>;
  revoke_reason: Generated<string | null>;
  /** The account a code was issued for (migration 022); null: any account's sign-in may use it. */
  for_user_id: Generated<string | null>;
}

export interface DevicesTable {
  device_id: string;
  public_key: string;
  enrolled_at: number;
  enrolled_by: string;
  enrolled_via: Generated<string>;
  grant_id: string | null;
  last_user_id: string | null;
  last_seen_at: number | null;
  app_version: string | null;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface SessionFamiliesTable {
  family_id: string;
  user_id: string;
  device_id: string;
  created_at: number;
  revoked_at: number | null;
  expires_at: number;
  /** Since when the desk's signed heartbeat says it is locked; null while unlocked (migration 014). */
  locked_at: number | null;
  /** The last unlock (reauth): a "locked" heartbeat signed before it locks nothing. */
  unlocked_at: number | null;
}

export interface AuthChallengesTable {
  nonce: string;
  device_id: string;
  expires_at: number;
}

export interface SsoAttemptsTable {
  state: string;
  nonce: string;
  provider_id: string;
  device_id: string;
  redirect_uri: string;
  expires_at: number;
}

export interface SsoIdentitiesTable {
  provider_id: string;
  subject: string;
  user_id: string;
  linked_at: number;
}

export interface RefreshTokensTable {
  token_hash: string;
  family_id: string;
  user_id: string;
  device_id: string;
  expires_at: number;
  used_at: number | null;
}

export interface CustomersTable {
  customer_id: string;
  display_name: string;
  email: string;
  phone: string;
  /** HMAC of the E.164 form (customers/phone-hmac.ts); null until the gateway fills it, or when the number is no phone number. */
  phone_hmac: string | null;
  city: string;
  postcode: string;
  country: string;
  member_since: string;
  /** 1: display_name, email, phone, city, postcode and country are sealed under the customer's data key (migration 021). */
  sealed: Generated<number>;
  /** Since when the customer is erased: its key is gone and its personal fields are empty. */
  erased_at: Generated<number | null>;
}

/** A data-subject request (migration 021); times are epoch ms. */
export interface PrivacyRequestsTable {
  request_id: string;
  customer_id: string;
  kind: string;
  law: string;
  verification: string;
  status: string;
  received_at: number;
  due_at: number;
  extension_reason: string | null;
  extended_at: number | null;
  opened_by: string;
  completed_at: number | null;
  completed_by: string | null;
}

/** A legal hold on a customer (migration 021): while live (not released, not expired) it blocks erasure. */
export interface LegalHoldsTable {
  hold_id: string;
  customer_id: string;
  reason: string;
  owner: string;
  placed_by: string;
  placed_at: number;
  expires_at: number;
  released_at: number | null;
  released_by: string | null;
}

/** A customer's data key, wrapped under the gateway's seal key (migration 021); erasure deletes the row. */
export interface CustomerKeysTable {
  customer_id: string;
  wrapped_key: string;
}

export interface CallsTable {
  call_id: string;
  platform: string;
  platform_call_id: string;
  queue: string | null;
  caller_hmac: string | null;
  caller_masked: string;
  agent_user_id: string | null;
  state: string;
  offered_at: number;
  state_since: number;
  answered_at: number | null;
  ended_at: number | null;
  wrapped_at: number | null;
  abandoned: number;
  popped_to: string | null;
  updated_at: number;
}

export interface ContactEventsTable {
  platform: string;
  event_id: string;
  call_id: string;
  kind: string;
  at: number;
  received_at: number;
}

export interface CardsTable {
  card_id: string;
  customer_id: string;
  pan_hmac: string;
  bin: string;
  last4: string;
  length: number;
  brand: string;
  expiry: string;
}

export interface OrdersTable {
  order_id: string;
  customer_id: string;
  placed_at: string;
  status: string;
  total_minor: number;
  currency: string;
  /** JSON. */
  items: string;
}

export interface PaymentsTable {
  transaction_id: string;
  order_id: string;
  /** null: the payment's source sent no card. */
  card_id: string | null;
  status: string;
  amount_minor: number;
  currency: string;
  at: string;
  /** JSON. */
  refunds: string;
}

export interface ShipmentsTable {
  shipment_id: string;
  order_id: string;
  carrier: string;
  tracking_number: string;
  status: string;
  eta: string | null;
  tracking_url: string | null;
  /** JSON. */
  history: string;
}

export interface SubscriptionsTable {
  subscription_id: string;
  customer_id: string;
  product: string;
  kind: string;
  status: string;
  started_at: string;
  expires_at: string;
  auto_renew: number;
}

export interface SubscriptionExtensionsTable {
  subscription_id: string;
  days: number;
  reason: string;
  by_user_id: string;
  at: string;
  new_expires_at: string;
  /** 1: `reason` is sealed under the customer's data key (migration 021). */
  sealed: Generated<number>;
}

export interface NotesTable {
  note_id: string;
  customer_id: string;
  author_id: string;
  author_name: string;
  at: string;
  text: string;
  /** 1: `text` is sealed under the customer's data key (migration 021). */
  sealed: Generated<number>;
}

export interface AccessQuotaUsesTable {
  quota: string;
  subject: string;
  at: number;
  amount: number;
  admitted: number;
}

export interface AuditEventsTable {
  device_id: string;
  seq: number;
  prev_hash: string;
  hash: string;
  /** The event as stored text: hashed and verified byte for byte, so never re-encoded by the engine. */
  event: string;
  received_at: string;
  type: string;
  outcome: string;
  user_id: string | null;
  at: string;
  customer_id: string | null;
  flag: string | null;
}

/** A scheduled report (migration 020): its canonical JSON content and that content's SHA-256. */
export interface StoredReportsTable {
  report_id: string;
  period: string;
  range_from: string;
  range_to: string;
  generated_at: string;
  content: string;
  content_hash: string;
}

/** One run of the monthly retrieval check of archived audit months (migration 020, PCI DSS 10.5.1). */
export interface AuditRetrievalChecksTable {
  check_id: string;
  run_at: string;
  month: string;
  source: string;
  expected_rows: number;
  retrieved_rows: number;
  millis: number;
  outcome: string;
}

/** One month moved out of the searchable audit store (PostgreSQL retention, migration 005). */
export interface AuditArchiveLogTable {
  month: string;
  detached_at: string;
  rows: number;
  first_hash: string | null;
  last_hash: string | null;
  archived_at: string | null;
  archive_file: string | null;
  dropped_at: string | null;
}

/** Where each device's chain stood at the end of an archived month. */
export interface AuditArchiveChainEndsTable {
  month: string;
  device_id: string;
  last_seq: number;
  last_hash: string;
}

export interface DeviceHeadsTable {
  device_id: string;
  seq: number;
  hash: string;
  high_at: string;
}

export interface AuditBatchesTable {
  batch_id: string;
  device_id: string;
  content_hash: string;
  acked_through_seq: number;
  first_seq: number;
  head_hash: string;
  signature: string;
  flag: string | null;
}

export interface AlertsTable {
  alert_id: string;
  kind: string;
  severity: string;
  raised_at: string;
  user_id: string | null;
  device_id: string | null;
  message: string;
  occurrences: number;
  last_occurred_at: string;
}

export interface AlertAcksTable {
  alert_id: string;
  n: number;
  by_user_id: string;
  at: string;
  note: string;
}

/** How far a signed desk release is let out (migration 017); a release with no row is held. */
export interface UpdateRolloutsTable {
  version: string;
  stage: 'held' | 'pilot' | 'broad';
  percent: number;
  paused: number;
  pulled: number;
  changed_at: number;
  changed_by: string;
}

/** A desk's update ring (migration 017); a desk with no row is in the broad ring. */
export interface UpdateDeviceRingsTable {
  device_id: string;
  ring: 'pilot' | 'broad';
}

/** A desk's last update check (migration 017): the version it reported and when. */
export interface UpdateChecksTable {
  device_id: string;
  version: string;
  checked_at: number;
  user_id: string | null;
}

export interface DevicePromisedHeadsTable {
  device_id: string;
  seq: number;
  hash: string;
  await_seq: number | null;
  await_since: number | null;
}

/** A system of record's service account (migration 006): the token as its SHA-256, the webhook secret sealed. */
export interface ServiceAccountsTable {
  account_id: string;
  source: string;
  /** JSON array of the account's scopes: record types, and contact_event. */
  record_types: string;
  token_hash: string;
  webhook_secret_sealed: string;
  /** JSON array of webhook mappings (shared/schemas/webhook-mapping.ts). */
  webhook_mappings: string;
  /** JSON of a contact-center platform account's link (shared/schemas/service-accounts.ts); null for a system of record. */
  contact_center: string | null;
  reason: string;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

/** The source's version each record was last written at. */
export interface RecordVersionsTable {
  record_type: string;
  record_id: string;
  version: number;
  account_id: string;
  written_at: number;
  /** The source that first wrote the record and alone may write it again (migration 010). */
  owner_source: string;
}

/** The answer of a request sent with an idempotency key, replayed to a retry. */
export interface RecordRequestsTable {
  account_id: string;
  idempotency_key: string;
  request_hash: string;
  answer: string;
  at: number;
}

export interface WebhookDeliveriesTable {
  account_id: string;
  delivery: string;
  received_at: number;
}

/** How far an import of one file has got: the lines before `lines_done` are written, with their counts (JSON). */
export interface ImportCheckpointsTable {
  source: string;
  file_key: string;
  lines_done: number;
  counts: string;
  updated_at: number;
}

/** Migration 019: security awareness (PCI DSS 12.6). */
export interface TrainingPoliciesTable {
  version: number;
  title: string;
  body: string;
  published_at: number;
  published_by: string;
}

export interface TrainingModulesTable {
  module_id: string;
  version: number;
  title: string;
  body: string;
  /** JSON: the questions with their choices and right answers. */
  quiz: string;
  pass_percent: number;
  published_at: number;
  published_by: string;
}

export interface WrapupCodesTable {
  code: string;
  label: string;
  created_at: number;
  created_by: string;
  retired_at: number | null;
}

export interface NoteTemplatesTable {
  template_id: string;
  title: string;
  body: string;
  created_at: number;
  created_by: string;
  retired_at: number | null;
}

export interface WrapupsTable {
  wrapup_id: string;
  customer_id: string;
  code: string;
  agent_id: string;
  agent_name: string;
  at: number;
  note_id: string | null;
}

export interface TrainingRecordsTable {
  record_id: string;
  user_id: string;
  username: string;
  /** `policy` or `module`. */
  kind: string;
  /** `policy`, or the module's id. */
  subject: string;
  version: number;
  at: number;
  score: number | null;
  passed: number;
}

export interface TrainingRemindersTable {
  user_id: string;
  due_at: number;
  sent_at: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface TeamsTable {
  team_id: string;
  name: string;
  created_at: number;
  created_by: string;
}

/** One row per account that belongs to a team (migration 018): the key is the account, so one team each. */
export interface TeamMembersTable {
  user_id: string;
  team_id: string;
  assigned_at: number;
  assigned_by: string;
}

export interface ReviewDaysTable {
  /** YYYY-MM-DD, UTC. */
  day: string;
  generated_at: number;
  signed_at: number | null;
  signed_by_user_id: string | null;
  signed_by: string | null;
  overdue_alerted_at: number | null;
}

export interface ReviewFindingsTable {
  finding_id: string;
  day: string;
  rule: string;
  severity: string;
  subject_kind: string;
  subject_id: string;
  summary: string;
  /** JSON object of the numbers that explain the finding. */
  numbers: string;
  note: string | null;
}

export interface IncidentsTable {
  incident_id: string;
  control: string;
  /** JSON arrays: every desk the failure touched, and those still failing. */
  device_ids: string;
  failing_device_ids: string;
  detected_at: number;
  started_at: number;
  ended_at: number | null;
  closed_at: number | null;
  closed_by: string | null;
  /** JSON: the five fields of the analysis. */
  closure: string | null;
}

export interface Database extends LiveTables, TransparencyLogTables {
  users: UsersTable;
  password_history: PasswordHistoryTable;
  access_reviews: AccessReviewsTable;
  access_review_generations: AccessReviewGenerationsTable;
  admin_approvals: AdminApprovalsTable;
  enrolment_grants: EnrolmentGrantsTable;
  devices: DevicesTable;
  session_families: SessionFamiliesTable;
  auth_challenges: AuthChallengesTable;
  refresh_tokens: RefreshTokensTable;
  customers: CustomersTable;
  customer_keys: CustomerKeysTable;
  privacy_requests: PrivacyRequestsTable;
  legal_holds: LegalHoldsTable;
  cards: CardsTable;
  calls: CallsTable;
  contact_events: ContactEventsTable;
  orders: OrdersTable;
  payments: PaymentsTable;
  shipments: ShipmentsTable;
  subscriptions: SubscriptionsTable;
  subscription_extensions: SubscriptionExtensionsTable;
  notes: NotesTable;
  access_quota_uses: AccessQuotaUsesTable;
  audit_events: AuditEventsTable;
  /** A view: audit_events plus the archived months still kept. */
  audit_events_retained: AuditEventsTable;
  'audit_archive.audit_events': AuditEventsTable;
  audit_archive_log: AuditArchiveLogTable;
  audit_archive_chain_ends: AuditArchiveChainEndsTable;
  device_heads: DeviceHeadsTable;
  audit_batches: AuditBatchesTable;
  alerts: AlertsTable;
  alert_acks: AlertAcksTable;
  device_promised_heads: DevicePromisedHeadsTable;
  update_rollouts: UpdateRolloutsTable;
  update_device_rings: UpdateDeviceRingsTable;
  update_checks: UpdateChecksTable;
  schema_migrations: SchemaMigrationsTable;
  service_accounts: ServiceAccountsTable;
  record_versions: RecordVersionsTable;
  record_requests: RecordRequestsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  import_checkpoints: ImportCheckpointsTable;
  sso_attempts: SsoAttemptsTable;
  sso_identities: SsoIdentitiesTable;
  training_policies: TrainingPoliciesTable;
  training_modules: TrainingModulesTable;
  training_records: TrainingRecordsTable;
  training_reminders: TrainingRemindersTable;
  wrapup_codes: WrapupCodesTable;
  note_templates: NoteTemplatesTable;
  wrapups: WrapupsTable;
  stored_reports: StoredReportsTable;
  audit_retrieval_checks: AuditRetrievalChecksTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  review_days: ReviewDaysTable;
  review_findings: ReviewFindingsTable;
  incidents: IncidentsTable;
}
