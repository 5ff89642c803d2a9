// Migration 016: the gateway may run as a role that owns no table
// (gateway-role.ts). It still creates the month partitions ahead of time, so
// the function that does so runs with its owner's rights, on a fixed search path,
// and does only that: one partition of audit_events for one month.
import type { Migration } from './migration.ts';

export const gatewayRole: Migration = {
  version: 16,
  name: 'gateway-role',
  sqlite: [],
  postgres: ['ALTER FUNCTION sentinel_ensure_audit_partition(timestamptz) SECURITY DEFINER SET search_path = public, pg_temp'],
};
