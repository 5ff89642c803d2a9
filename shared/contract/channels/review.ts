// The daily log review and the control-failure incidents (issue 26): the
// reviewer reads the days' findings and signs a day off; supervisors, security
// reviewers and admins see the incidents and close a restored one with its
// analysis. Events name the day or the incident; notes and analyses stay in
// the gateway's records, never in an event.
import { z } from 'zod';
import { DateSchema } from '../../schemas/common.ts';
import { CloseIncidentRequestSchema, IncidentIdSchema, IncidentListQuerySchema } from '../../schemas/incidents.ts';
import { ReviewRangeQuerySchema, ReviewSignOffRequestSchema } from '../../schemas/review.ts';
import { listView } from '../audit-descriptions.ts';
import { forward } from '../channel-kinds.ts';

export const SignOffDayRequestSchema = z.object({ day: DateSchema, notes: ReviewSignOffRequestSchema.shape.notes });
export const CloseIncidentChannelRequestSchema = CloseIncidentRequestSchema.extend({ incidentId: IncidentIdSchema });

export const reviewChannels = {
  'review.days': forward('reviewDays', {
    request: ReviewRangeQuerySchema,
    audit: {
      event: 'audit.read',
      describe: (request, response) => ({
        target: { kind: 'review', id: request === null ? null : `${request.from}..${request.to}` },
        details: { days: response?.length ?? 0 },
      }),
    },
    whileLocked: false,
  }),
  'review.signOff': forward('reviewSignOff', {
    request: SignOffDayRequestSchema,
    audit: { event: 'review.signoff', describe: (request) => ({ target: { kind: 'review', id: request?.day ?? null }, details: { notes: request?.notes.length ?? 0 } }) },
    whileLocked: false,
  }),
  'review.incidents': forward('incidents', {
    request: IncidentListQuerySchema,
    audit: { event: 'supervisor.view', describe: listView('review.incidents') },
    whileLocked: false,
  }),
  'review.closeIncident': forward('closeIncident', {
    request: CloseIncidentChannelRequestSchema,
    audit: { event: 'incident.close', describe: (request) => ({ target: { kind: 'incident', id: request?.incidentId ?? null }, details: {} }) },
    whileLocked: false,
  }),
};
