// Migration 008: a contact-center platform is a service account (issue 22). The
// account keeps what its call events are read with: the platform kind, its agent
// map and (Twilio) the URL the platform calls, as JSON; null for a system of
// record. Twilio's auth token is the account's sealed webhook secret.
import type { Migration } from './migration.ts';

const statements = ['ALTER TABLE service_accounts ADD COLUMN contact_center TEXT'];

export const contactCenterAccounts: Migration = {
  version: 8,
  name: 'contact-center-accounts',
  sqlite: statements,
  postgres: statements,
};
