// The gateway's own record of customer access (PCI DSS 10.2.1.1), written before
// the answer or the change: when it cannot be written, the request fails
// (no audit, no access), so a desk that skips its own audit is still recorded.
import type { GatewayAudit, GatewayAuditInput } from '../core/audit-port.ts';
import { GatewayError } from '../errors.ts';

export async function recordAccess(audit: GatewayAudit, input: GatewayAuditInput): Promise<void> {
  try {
    await audit.record(input);
  } catch (error) {
    throw Object.assign(new GatewayError('audit_unavailable', 'The gateway could not record this in its audit trail, so it was not done'), {
      cause: error,
    });
  }
}
