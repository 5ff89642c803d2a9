// A stored incident as the API shows it: one place, for the routes and for the
// evidence pack alike.
import { IncidentSchema, type Incident } from '../../shared/schemas/incidents.ts';
import type { IncidentRecord } from '../storage/store.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

export function incidentView(incident: IncidentRecord): Incident {
  return IncidentSchema.parse({
    incidentId: incident.incidentId,
    control: incident.control,
    deviceIds: incident.deviceIds,
    detectedAt: iso(incident.detectedAt),
    startedAt: iso(incident.startedAt),
    endedAt: incident.endedAt === null ? null : iso(incident.endedAt),
    status: incident.closedAt !== null ? 'closed' : incident.endedAt === null ? 'ongoing' : 'restored',
    closure: incident.closure === null ? null : { ...incident.closure, closedBy: incident.closedBy ?? '', closedAt: iso(incident.closedAt ?? 0) },
  });
}
