// Failures of critical security controls (PCI DSS 10.7.2, 10.7.3): which
// controls desks and the gateway report, the incident a failure opens, and the
// analysis a person must write before it closes.
import { z } from 'zod';
import { panFreeText, TimestampSchema } from './common.ts';

/** Reported by each desk in its heartbeats. */
export const DESK_CONTROLS = ['capture_protection', 'audit_queue', 'keychain', 'sync', 'clock'] as const;
/** Reported by the gateway about its own jobs. */
export const GATEWAY_CONTROLS = ['chain_verifier', 'retention_job', 'review_job', 'live_feed'] as const;
export const ControlSchema = z.enum([...DESK_CONTROLS, ...GATEWAY_CONTROLS]);
export type Control = z.infer<typeof ControlSchema>;
export type DeskControl = (typeof DESK_CONTROLS)[number];
export type GatewayControl = (typeof GATEWAY_CONTROLS)[number];

/** The desk's own word on the controls its heartbeat fields do not already show. */
export const KeychainStateSchema = z.enum(['ok', 'failed']);

export const INCIDENT_TEXT_MAX = 2000;
const closureText = (what: string) => panFreeText(what, 10, INCIDENT_TEXT_MAX);

/** Every field is required: an incident cannot close on a partial analysis (10.7.3). */
export const CloseIncidentRequestSchema = z.object({
  rootCause: closureText('rootCause'),
  restoration: closureText('restoration'),
  securityIssues: closureText('securityIssues'),
  riskAssessment: closureText('riskAssessment'),
  prevention: closureText('prevention'),
});
export type CloseIncidentRequest = z.infer<typeof CloseIncidentRequestSchema>;

export const IncidentIdSchema = z.string().regex(/^inc-[0-9a-f-]{36}$/, { error: 'incidentId: inc- and a UUID' });
export const IncidentParamsSchema = z.object({ incidentId: IncidentIdSchema });

export const IncidentSchema = z.object({
  incidentId: IncidentIdSchema,
  control: ControlSchema,
  /** The desks whose control failed (the gateway's own controls name `gateway`). */
  deviceIds: z.array(z.string().max(128)).max(1000),
  detectedAt: TimestampSchema,
  startedAt: TimestampSchema,
  /** When the last failing desk reported the control working again. */
  endedAt: TimestampSchema.nullable(),
  /** `ongoing` until the control works again, `restored` until a person closes it with the analysis. */
  status: z.enum(['ongoing', 'restored', 'closed']),
  closure: CloseIncidentRequestSchema.extend({ closedBy: z.string().max(128), closedAt: TimestampSchema }).nullable(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const IncidentListQuerySchema = z.object({ status: z.enum(['open', 'closed', 'all']).default('open') });
