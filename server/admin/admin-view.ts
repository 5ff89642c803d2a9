// PCI DSS 10.2.1.2: an admin's read of the people, desk or alert lists is on the
// gateway's own trail (admin.view), as a customer read is, whether or not a desk
// sent it. No record, no answer: the read fails with audit_unavailable instead.
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';

/** The admin lists, named as the desk's own admin.view events name them. */
export type AdminView = 'admin.users' | 'admin.devices' | 'admin.alerts' | 'admin.service_accounts' | 'admin.enrolment_grants' | 'admin.approvals' | 'admin.releases' | 'admin.patch_report' | 'admin.teams';

export async function viewedByAdmin<T>(audit: GatewayAudit, admin: Principal, view: AdminView, rows: T[]): Promise<T[]> {
  await audit.record({ type: 'admin.view', outcome: 'success', actor: admin, target: { kind: 'app', id: view }, details: { results: rows.length } });
  return rows;
}
