// The one declared map of where customer data lives in the gateway's database
// (issue 27). The data-subject export is built from it, and a test compares it
// with the migrated schema on both engines: a table that is neither mapped nor
// declared free of customer data, or a mapped table with a column the map does
// not name, fails that test until someone says what the column holds.

/**
 * What a column holds:
 * - `personal`: the person's own data, sealed under the customer's key (opened in the export; gone at erasure);
 * - `record`: business data about the customer's dealings, exported as stored;
 * - `payment`: kept for chargebacks and tax, exported masked (never a PAN), following retention, not erasure;
 * - `keyed`: a keyed hash or wrapped key, never exported (it means nothing outside the gateway);
 * - `staff`: who acted (a staff member's ID or name), exported as a pseudonym unless policy says otherwise;
 * - `internal`: bookkeeping of the store itself (flags), or a card facet agents are not shown (the BIN): not exported.
 */
export type ColumnClass = 'personal' | 'record' | 'payment' | 'keyed' | 'staff' | 'internal';

/** How a table's rows are reached from a customer ID. */
export type Reach =
  | { readonly by: 'customer_id' }
  | { readonly by: 'parent'; readonly column: string; readonly parent: string; readonly parentColumn: string };

export interface MappedTable {
  readonly reach: Reach;
  readonly columns: Readonly<Record<string, ColumnClass>>;
  /** The sealing context of a `personal` column when it is not the column's own name (customer-keys.ts). */
  readonly sealedAs?: Readonly<Record<string, string>>;
  /** Whether its rows go into the data-subject export (a wrapped key does not). */
  readonly exported: boolean;
}

const byCustomer = { by: 'customer_id' } as const;
const byOrder = { by: 'parent', column: 'order_id', parent: 'orders', parentColumn: 'order_id' } as const;

export const CUSTOMER_DATA_MAP = {
  customers: {
    reach: byCustomer,
    exported: true,
    columns: {
      customer_id: 'record',
      display_name: 'personal',
      email: 'personal',
      phone: 'personal',
      phone_hmac: 'keyed',
      city: 'personal',
      postcode: 'personal',
      country: 'personal',
      member_since: 'record',
      sealed: 'internal',
      erased_at: 'internal',
    },
  },
  customer_keys: { reach: byCustomer, exported: false, columns: { customer_id: 'record', wrapped_key: 'keyed' } },
  cards: {
    reach: byCustomer,
    exported: true,
    columns: { card_id: 'record', customer_id: 'record', pan_hmac: 'keyed', bin: 'internal', last4: 'payment', length: 'payment', brand: 'payment', expiry: 'payment' },
  },
  orders: {
    reach: byCustomer,
    exported: true,
    columns: { order_id: 'record', customer_id: 'record', placed_at: 'record', status: 'record', total_minor: 'payment', currency: 'payment', items: 'record' },
  },
  payments: {
    reach: byOrder,
    exported: true,
    columns: { transaction_id: 'record', order_id: 'record', card_id: 'record', status: 'record', amount_minor: 'payment', currency: 'payment', at: 'record', refunds: 'payment' },
  },
  shipments: {
    reach: byOrder,
    exported: true,
    columns: { shipment_id: 'record', order_id: 'record', carrier: 'record', tracking_number: 'record', status: 'record', eta: 'record', tracking_url: 'record', history: 'record' },
  },
  subscriptions: {
    reach: byCustomer,
    exported: true,
    columns: { subscription_id: 'record', customer_id: 'record', product: 'record', kind: 'record', status: 'record', started_at: 'record', expires_at: 'record', auto_renew: 'record' },
  },
  subscription_extensions: {
    reach: { by: 'parent', column: 'subscription_id', parent: 'subscriptions', parentColumn: 'subscription_id' },
    exported: true,
    sealedAs: { reason: 'extension' },
    columns: { subscription_id: 'record', days: 'record', reason: 'personal', by_user_id: 'staff', at: 'record', new_expires_at: 'record', sealed: 'internal' },
  },
  notes: {
    reach: byCustomer,
    exported: true,
    sealedAs: { text: 'note' },
    columns: { note_id: 'record', customer_id: 'record', author_id: 'staff', author_name: 'staff', at: 'record', text: 'personal', sealed: 'internal' },
  },
  privacy_requests: {
    reach: byCustomer,
    exported: true,
    columns: {
      request_id: 'record',
      customer_id: 'record',
      kind: 'record',
      law: 'record',
      verification: 'record',
      status: 'record',
      received_at: 'record',
      due_at: 'record',
      extension_reason: 'record',
      extended_at: 'record',
      opened_by: 'staff',
      completed_at: 'record',
      completed_by: 'staff',
    },
  },
  legal_holds: {
    reach: byCustomer,
    exported: true,
    columns: { hold_id: 'record', customer_id: 'record', reason: 'record', owner: 'record', placed_by: 'staff', placed_at: 'record', expires_at: 'record', released_at: 'record', released_by: 'staff' },
  },
  // A wrap-up's free text is a customer note (sealed there); the row holds the code, the agent and the note's ID.
  wrapups: {
    reach: byCustomer,
    exported: true,
    columns: { wrapup_id: 'record', customer_id: 'record', code: 'record', agent_id: 'staff', agent_name: 'staff', at: 'record', note_id: 'record' },
  },
} as const satisfies Record<string, MappedTable>;

export type MappedTableName = keyof typeof CUSTOMER_DATA_MAP;

/**
 * Tables that hold something about a customer but are not copied into the export as rows, each with why:
 * the access history is exported from the audit trail in its own form (who looked, by role, through which action).
 */
export const CUSTOMER_DATA_ELSEWHERE: Readonly<Record<string, string>> = {
  audit_events: 'the access history: each customer.lookup, customer.view, note and extension event names the customer ID; exported as the access history',
  audit_events_retained: 'a view over audit_events and the archived months still kept (PostgreSQL)',
  audit_events_default: 'PostgreSQL\'s default partition of audit_events',
  calls: 'a caller is kept as a keyed hash and the last 4 digits of the number; call retention forgets calls, and erasure drops the hash',
  live_feed: 'copies of audit events for the supervisors\' stream, customer IDs only, forgotten after 60 minutes',
  record_versions: 'the source version of each record by its ID: no customer data beyond the IDs',
  access_quota_uses: 'rolling-window charges per staff member and subscription ID: no customer data beyond the IDs',
  review_findings: 'a daily log review finding may name a customer by ID (one customer read by many agents) with counts: no customer data beyond the ID',
};

/** Tables that hold no customer data at all (staff, desks, keys, the gateway's own machinery). */
export const NO_CUSTOMER_DATA: readonly string[] = [
  'users',
  'password_history',
  'access_reviews',
  'access_review_generations',
  'enrolment_grants',
  'devices',
  'session_families',
  'auth_challenges',
  'refresh_tokens',
  'sso_attempts',
  'sso_identities',
  'contact_events',
  'audit_archive_log',
  'audit_archive_chain_ends',
  'device_heads',
  'audit_batches',
  'alerts',
  'alert_acks',
  'device_promised_heads',
  'schema_migrations',
  'service_accounts',
  'record_requests',
  'webhook_deliveries',
  'import_checkpoints',
  'presence',
  'heartbeat_seen',
  'ingest_charges',
  'window_hits',
  'source_alerts',
  'attempt_slots',
  // Four-eyes requests about staff accounts (issue 21).
  'admin_approvals',
  // Security policy, training modules and each person's records (issue 26): staff only.
  'training_policies',
  'training_modules',
  'training_records',
  'training_reminders',
  // Wrap-up codes and note templates (issue 24): admin-managed lists, no customer data.
  'wrapup_codes',
  'note_templates',
  // Teams, the days of the daily log review and control-failure incidents (issue 26): staff and desks only.
  'teams',
  'team_members',
  'review_days',
  'incidents',
  // Scheduled reports (figures per agent and team) and the monthly audit retrieval checks (issue 26).
  'stored_reports',
  'audit_retrieval_checks',
  // The audit transparency log (issue 25): tree sizes, hashes, signed checkpoints and the (device, seq) of each leaf.
  'tlog_head',
  'tlog_leaves',
  'tlog_nodes',
  'tlog_checkpoints',
  'tlog_cosignatures',
  // Desk updates (issue 28): releases, rings and each desk's last check.
  'update_rollouts',
  'update_device_rings',
  'update_checks',
];
