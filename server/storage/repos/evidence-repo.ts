// The store reads behind the assessor's evidence pack that no other repository
// makes: the columns of the card tables, the stored card values (to scan them),
// the access-review sign-offs of a range, and the audit events per type.
import type { Storage } from '../dialect.ts';
import type { CardBrand } from '../../../shared/pan.ts';
import type { EvidenceRepo } from '../store.ts';

/** The tables that hold anything of a payment card. */
const CARD_TABLES = ['cards', 'payments'] as const;

export function kyselyEvidenceRepo({ db }: Storage): EvidenceRepo {
  return {
    async cardColumns() {
      const tables = await db.introspection.getTables();
      return tables
        .filter((t) => t.schema !== 'audit_archive' && (CARD_TABLES as readonly string[]).includes(t.name))
        .flatMap((t) => t.columns.map((c) => ({ table: t.name, column: c.name, dataType: c.dataType })))
        .sort((a, b) => a.table.localeCompare(b.table) || a.column.localeCompare(b.column));
    },
    async cardValues(limit) {
      const rows = await db.selectFrom('cards').select(['card_id', 'customer_id', 'pan_hmac', 'bin', 'last4', 'length', 'brand', 'expiry']).orderBy('card_id').limit(limit).execute();
      return rows.map((r) => ({ cardId: r.card_id, customerId: r.customer_id, panHmac: r.pan_hmac, bin: r.bin, last4: r.last4, length: r.length, brand: r.brand as CardBrand, expiry: r.expiry }));
    },
    async cardCount() {
      const row = await db.selectFrom('cards').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return row.n;
    },
    async accessReviews(from, to) {
      const rows = await db.selectFrom('access_reviews').selectAll().where('at', '>=', from).where('at', '<', to).orderBy('at').execute();
      return rows.map((r) => ({ reviewId: r.review_id, at: r.at, byUsername: r.by_username, accounts: r.accounts, coversThrough: r.covers_through, note: r.note }));
    },
    async eventCounts(from, to) {
      const rows = await db
        .selectFrom('audit_events_retained')
        .select((eb) => ['type', eb.fn.countAll<number>().as('n')])
        .where('at', '>=', from)
        .where('at', '<', to)
        .groupBy('type')
        .execute();
      return new Map(rows.map((r) => [r.type, r.n]));
    },
  };
}
