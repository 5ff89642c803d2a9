// The one interface every shop connector implements (issue 22): a Shopify,
// Magento or commercetools connector is one more folder beside vendure/. A
// connector reads its shop's public API from a cursor it alone understands and
// answers records in the shape of the gateway's records API; the sync loop
// writes them and keeps the cursor.
import type { z } from 'zod';
import type { SourceRecordSchema } from '../shared/schemas/records.ts';

/** What a connector keeps between pulls: its own JSON, stored as-is in the state file. */
export type ConnectorCursor = Readonly<Record<string, string>>;

/** A record as the connector sends it to POST /v1/records/batch; a shop's payment comes without `card`. */
export type ConnectorRecord = z.input<typeof SourceRecordSchema>;

export interface Pulled {
  /** Parents before children: customers, then orders, then their payments and shipments. */
  readonly records: readonly ConnectorRecord[];
  readonly nextCursor: ConnectorCursor;
}

export interface ShopConnector {
  /** The source name its records are written under, for logs. */
  readonly name: string;
  /** Everything changed since `cursor` (null: everything); pulling the same cursor again answers the same records or newer. */
  pull(cursor: ConnectorCursor | null): Promise<Pulled>;
}
