// One event of the gateway's own audit chain, recorded on the instance given:
// what the fleet tests race between instances.
import type { GatewayAuditInput } from '../../../server/core/audit-port.ts';
import type { RunningGateway } from './gateway.ts';

export function recordGatewayEvent(gw: RunningGateway, n: number) {
  const input: GatewayAuditInput = {
    type: 'audit.read',
    outcome: 'success',
    actor: { userId: 'u-sup-sara', username: 'sup.sara', roles: ['supervisor'] },
    target: { kind: 'audit-log', id: null },
    details: { n },
  };
  return gw.gateway.audit.record(input);
}
