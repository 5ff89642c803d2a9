// Each customer's own data key (migration 021), kept wrapped under the gateway's
// seal key; the customer's personal fields are sealed under it. Erasure deletes
// the key, so every copy of those fields (WAL, archives, backups, exports made
// before) stays ciphertext nobody can open. The store never sees the seal key
// itself: composition hands it boxes (identity/secret-box.ts) as `PersonalSealing`.
import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import { isOneOf, type Engine, type Executor } from '../dialect.ts';
import type { CustomersTable } from '../tables.ts';

export interface Sealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

/** The seal key's box, which wraps the data keys, and a box over one data key. */
export interface PersonalSealing {
  readonly keyWrap: Sealer;
  readonly sealerFor: (dataKey: Buffer) => Sealer;
}

/** The customer's personal columns, sealed under its key: name, contact and postal address. */
export const SEALED_CUSTOMER_COLUMNS = ['display_name', 'email', 'phone', 'city', 'postcode', 'country'] as const;
type SealedColumn = (typeof SEALED_CUSTOMER_COLUMNS)[number];

/** Seals and opens one customer's fields; the context binds a value to its customer and column. */
export interface CustomerSealer {
  seal(field: string, plaintext: string): string;
  open(field: string, sealed: string): string;
}

/** Key rows per INSERT: well inside both engines' bound-parameter limits. */
const KEY_ROWS = 300;

export const NO_SEAL_KEY = 'this store was opened without the seal key, so it cannot read or write customer personal data';

export interface CustomerKeys {
  /** The sealers of these customers' keys; a customer without one (erased, or unknown) is absent. */
  existing(db: Executor, customerIds: readonly string[]): Promise<Map<string, CustomerSealer>>;
  /** As existing(), first creating a key for each customer without one that is not erased. */
  ensure(db: Executor, customerIds: readonly string[]): Promise<Map<string, CustomerSealer>>;
  sealRow<R extends Insertable<CustomersTable>>(row: R, sealer: CustomerSealer): R & { sealed: number };
}

export function customerKeys(engine: Engine, sealing: PersonalSealing | undefined): CustomerKeys {
  const need = (): PersonalSealing => {
    if (sealing === undefined) throw new Error(NO_SEAL_KEY);
    return sealing;
  };
  const sealerOf = (customerId: string, wrapped: string): CustomerSealer => {
    const { keyWrap } = need();
    const box = need().sealerFor(Buffer.from(keyWrap.open(wrapped, `customer-key:${customerId}`), 'base64url'));
    const context = (field: string) => `customer:${customerId}:${field}`;
    return { seal: (field, plaintext) => box.seal(plaintext, context(field)), open: (field, sealed) => box.open(sealed, context(field)) };
  };
  const existing: CustomerKeys['existing'] = async (db, customerIds) => {
    need();
    const ids = [...new Set(customerIds)];
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('customer_keys').select(['customer_id', 'wrapped_key']).where(isOneOf(engine, 'customer_id', ids)).execute();
    return new Map(rows.map((r) => [r.customer_id, sealerOf(r.customer_id, r.wrapped_key)]));
  };
  return {
    existing,
    async ensure(db, customerIds) {
      const { keyWrap } = need();
      const found = await existing(db, customerIds);
      const missing = [...new Set(customerIds)].filter((id) => !found.has(id));
      if (missing.length === 0) return found;
      const erased = await db.selectFrom('customers').select('customer_id').where(isOneOf(engine, 'customer_id', missing)).where('erased_at', 'is not', null).execute();
      const gone = new Set(erased.map((r) => r.customer_id));
      const fresh = missing.filter((id) => !gone.has(id));
      if (fresh.length === 0) return found;
      const rows = fresh.map((id) => ({ customer_id: id, wrapped_key: keyWrap.seal(randomBytes(32).toString('base64url'), `customer-key:${id}`) }));
      // A parallel writer may have created one first: its key is the one, read back below.
      for (let i = 0; i < rows.length; i += KEY_ROWS) {
        await db.insertInto('customer_keys').values(rows.slice(i, i + KEY_ROWS)).onConflict((oc) => oc.column('customer_id').doNothing()).execute();
      }
      return new Map([...found, ...(await existing(db, fresh))]);
    },
    sealRow(row, sealer) {
      const sealed: Partial<Record<SealedColumn, string>> = {};
      for (const column of SEALED_CUSTOMER_COLUMNS) sealed[column] = sealer.seal(column, row[column]);
      return { ...row, ...sealed, sealed: 1 };
    },
  };
}
