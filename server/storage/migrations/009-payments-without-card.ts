// Migration 009: a payment may come without a card (payments.card_id NULL). A
// shop reports its payments, but the card is its payment provider's: the shop
// holds no number to send. PostgreSQL drops the NOT NULL in place; SQLite cannot,
// so its table is rebuilt with the same columns and index.
import { INT64 } from '../dialect.ts';
import type { Migration } from './migration.ts';

export const paymentsWithoutCard: Migration = {
  version: 9,
  name: 'payments-without-card',
  sqlite: [
    `CREATE TABLE payments_new (
  transaction_id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(order_id),
  card_id TEXT REFERENCES cards(card_id),
  status TEXT NOT NULL,
  amount_minor ${INT64.sqlite} NOT NULL,
  currency TEXT NOT NULL,
  at TEXT NOT NULL,
  refunds TEXT NOT NULL DEFAULT '[]'
)`,
    'INSERT INTO payments_new SELECT transaction_id, order_id, card_id, status, amount_minor, currency, at, refunds FROM payments',
    'DROP TABLE payments',
    'ALTER TABLE payments_new RENAME TO payments',
    'CREATE INDEX payments_by_order ON payments(order_id)',
  ],
  postgres: ['ALTER TABLE payments ALTER COLUMN card_id DROP NOT NULL'],
};
