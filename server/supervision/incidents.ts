// Control-failure incidents as people see and close them (PCI DSS 10.7.3): a
// restored incident closes only with its root cause, restoration, the security
// issues of the outage, a risk assessment and prevention (the schema requires
// each), written with its audit record in one transaction.
import type { CloseIncidentRequest, Incident } from '../../shared/schemas/incidents.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { Clock } from '../config.ts';
import { digestForAudit, sha256Hex } from '../core/hashing.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { CloseIncidentOutcome, IncidentRepo } from '../storage/store.ts';
import { incidentView } from './incident-view.ts';

export interface Incidents {
  list(status: 'open' | 'closed' | 'all'): Promise<Incident[]>;
  close(by: Principal, incidentId: string, request: CloseIncidentRequest): Promise<Incident>;
}

type Refusal = Exclude<CloseIncidentOutcome, { ok: true }>['refusal'];

const REFUSALS: Record<Refusal, () => GatewayError> = {
  not_found: () => new GatewayError('not_found', 'No such incident'),
  ongoing: () => new GatewayError('conflict', 'The control is still failing: an incident closes once it is restored'),
  already_closed: () => new GatewayError('conflict', 'That incident is closed already'),
};

export function createIncidents(deps: { repo: IncidentRepo; audit: GatewayAudit; clock: Clock }): Incidents {
  const { repo, audit, clock } = deps;
  return {
    list: async (status) => (await repo.list(status)).map(incidentView),
    async close(by, incidentId, request) {
      const outcome = await audit.commit(() =>
        repo.close({ incidentId, closure: request, by: by.username, at: clock.now() }, (decided) =>
          audit.prepare({
            type: 'incident.close',
            outcome: decided.ok ? 'success' : 'failure',
            ...(decided.ok ? {} : { reason: decided.refusal }),
            actor: by,
            target: { kind: 'incident', id: incidentId },
            // The analysis is kept with the incident; its hash here lets a later change to it be noticed.
            details: decided.ok ? { control: decided.incident.control, closureHash: digestForAudit(sha256Hex(canonicalJson(request))) } : {},
          }),
        ),
      );
      if (!outcome.ok) throw REFUSALS[outcome.refusal]();
      return incidentView(outcome.incident);
    },
  };
}
