// The supervisor's floor: presence, the audit search, alerts and reports.
import { z } from 'zod';
import { activityCsv } from '../../report-csv.ts';
import { StoredReportParamsSchema, StoredReportSchema, StoredReportsQuerySchema } from '../../schemas/regular-reports.ts';
import { CallFloorQuerySchema } from '../../schemas/calls.ts';
import { FloorReportQuerySchema, SupervisorStreamStateSchema, WallboardSchema } from '../../schemas/floor.ts';
import {
  AckAlertRequestSchema,
  ActivityReportQuerySchema,
  ActivityReportSchema,
  AlertListQuerySchema,
  AuditSearchQuerySchema,
} from '../../schemas/supervision.ts';
import { NoContentSchema as Empty } from '../../api.ts';
import { alertAck, listView } from '../audit-descriptions.ts';
import { forward, forwardAndPresent, local } from '../channel-kinds.ts';

export const ReportRequestSchema = z.object({
  query: ActivityReportQuerySchema,
  format: z.enum(['json', 'csv']),
});
export const ReportResponseSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), report: ActivityReportSchema }),
  z.object({ format: z.literal('csv'), report: ActivityReportSchema, csv: z.string() }),
]);

export const supervisorChannels = {
  // The wallboard's figures, which main reads from the gateway and reduces to counts before they reach the page.
  'supervisor.wallboard': local({
    request: Empty,
    response: WallboardSchema,
    access: 'supervisor.monitor',
    audit: { event: 'supervisor.view', describe: () => ({ target: { kind: 'app', id: 'supervisor.wallboard' }, details: {} }) },
    whileLocked: false,
    onWallboard: true,
  }),
  'supervisor.agents': forward('agents', {
    request: Empty,
    audit: { event: 'supervisor.view', describe: listView('supervisor.agents') },
    whileLocked: false,
  }),
  'supervisor.searchAudit': forward('auditSearch', {
    request: AuditSearchQuerySchema,
    audit: {
      event: 'audit.read',
      describe: (request, response) => ({
        target: { kind: 'audit-log', id: request?.customerId ?? request?.userId ?? null },
        details: { type: request?.type ?? null, results: response?.events.length ?? 0 },
      }),
    },
    whileLocked: false,
  }),
  'supervisor.alerts': forward('alerts', {
    request: AlertListQuerySchema,
    audit: { event: 'supervisor.view', describe: listView('supervisor.alerts') },
    whileLocked: false,
  }),
  'supervisor.ackAlert': forward('ackAlert', {
    request: AckAlertRequestSchema,
    audit: { event: 'alert.ack', describe: alertAck },
    whileLocked: false,
  }),
  // The desk asks for JSON and writes the CSV itself with the gateway's own writer, so both files agree.
  'supervisor.report': forwardAndPresent('activityReport', {
    request: ReportRequestSchema,
    response: ReportResponseSchema,
    toRoute: (request) => ({ query: { ...request.query, format: 'json' } }),
    present: (report, request) => (request.format === 'csv' ? { format: 'csv' as const, report, csv: activityCsv(report) } : { format: 'json' as const, report }),
    audit: { event: 'report.generate', describe: (request) => ({ target: { kind: 'report', id: 'activity' }, details: { format: request?.format ?? null } }) },
    whileLocked: false,
  }),
  'supervisor.storedReports': forward('storedReports', {
    request: StoredReportsQuerySchema,
    audit: { event: 'report.generate', describe: (request, response) => ({ target: { kind: 'report', id: 'stored' }, details: { period: request?.period ?? null, results: response?.length ?? 0 } }) },
    whileLocked: false,
  }),
  // Always JSON: the renderer writes the CSV with the gateway's own writer. A CSV of counts alone can read as a
  // card number to the answer's DLP scan (digits joined by commas), which the JSON's field names never do.
  'supervisor.storedReport': forwardAndPresent('storedReport', {
    request: StoredReportParamsSchema,
    response: StoredReportSchema,
    toRoute: (request) => ({ params: { reportId: request.reportId }, query: { format: 'json' } }),
    present: (stored) => stored,
    audit: { event: 'report.generate', describe: (request) => ({ target: { kind: 'report', id: request?.reportId ?? null }, details: { format: 'json' } }) },
    whileLocked: false,
  }),
  'supervisor.storedReportPdf': forward('storedReportPdf', {
    request: StoredReportParamsSchema,
    audit: { event: 'report.generate', describe: (request) => ({ target: { kind: 'report', id: request?.reportId ?? null }, details: { format: 'pdf' } }) },
    whileLocked: false,
  }),
  'supervisor.floorReport': forward('floorReport', {
    request: FloorReportQuerySchema,
    audit: {
      event: 'report.generate',
      describe: (request) => ({ target: { kind: 'report', id: 'floor' }, details: { from: request?.from ?? null, to: request?.to ?? null } }),
    },
    whileLocked: false,
  }),
  'supervisor.calls': forward('callFloor', {
    request: CallFloorQuerySchema,
    audit: {
      event: 'supervisor.view',
      describe: (request) => ({ target: { kind: 'app', id: 'supervisor.calls' }, details: { minutes: request?.minutes ?? null } }),
    },
    whileLocked: false,
  }),
  'supervisor.streamState': local({
    request: Empty,
    response: SupervisorStreamStateSchema,
    access: 'supervisor.monitor',
    audit: { none: 'whether main’s live stream is connected; no audit or customer data' },
    whileLocked: false,
  }),
} as const;
