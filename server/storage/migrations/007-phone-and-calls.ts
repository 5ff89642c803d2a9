// Migration 007: the caller's number as a keyed hash (customers.phone_hmac, the
// HMAC of the E.164 form; the gateway fills it for existing rows at start, since
// only it holds the pepper), so a call pops the customers it matches.
import type { Migration } from './migration.ts';

const PHONE = ['ALTER TABLE customers ADD COLUMN phone_hmac TEXT', 'CREATE INDEX customers_phone_hmac ON customers (phone_hmac)'];

export const phoneAndCalls: Migration = {
  version: 7,
  name: 'phone-and-calls',
  sqlite: PHONE,
  postgres: PHONE,
};
