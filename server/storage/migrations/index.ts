// Every schema migration, oldest first. A new one is a new file appended here.
import { initialSchema } from './001-initial-schema.ts';
import { promisedHeads } from './002-promised-heads.ts';
import { liveState } from './003-live-state.ts';
import { administration } from './004-administration.ts';
import { auditRetention } from './005-audit-retention.ts';
import { records } from './006-records.ts';
import { phoneAndCalls } from './007-phone-and-calls.ts';
import { contactCenterAccounts } from './008-contact-center-accounts.ts';
import { paymentsWithoutCard } from './009-payments-without-card.ts';
import { recordOwners } from './010-record-owners.ts';
import { singleSignOn } from './011-single-sign-on.ts';
import { scimProvisioning } from './012-scim-provisioning.ts';
import { adminSeparation } from './013-admin-separation.ts';
import { sessionLock } from './014-session-lock.ts';
import { transparencyLog } from './015-transparency-log.ts';
import { gatewayRole } from './016-gateway-role.ts';
import { deskUpdates } from './017-desk-updates.ts';
import { reviewAndIncidents } from './018-review-and-incidents.ts';
import { securityAwareness } from './019-security-awareness.ts';
import { regularReports } from './020-regular-reports.ts';
import { personalDataKeys } from './021-personal-data-keys.ts';
import { adminApprovals } from './022-admin-approvals.ts';
import { wrapup } from './023-wrapup.ts';
import type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  promisedHeads,
  liveState,
  administration,
  auditRetention,
  records,
  phoneAndCalls,
  contactCenterAccounts,
  paymentsWithoutCard,
  recordOwners,
  singleSignOn,
  scimProvisioning,
  adminSeparation,
  sessionLock,
  transparencyLog,
  gatewayRole,
  deskUpdates,
  reviewAndIncidents,
  securityAwareness,
  regularReports,
  personalDataKeys,
  adminApprovals,
  wrapup,
];
