// One handler per contract channel: what main does for each call once the
// router has checked it. The services are passed in.
import type { z } from 'zod';
import type { Channels, ContractChannelName } from '../../shared/contract/channels.ts';
import type { ParsedRequest } from '../../shared/contract/checks.ts';
import { accessReviewCsv } from '../../shared/access-review-csv.ts';
import { activityCsv } from '../../shared/report-csv.ts';
import type { SupervisorStreamState } from '../../shared/schemas/floor.ts';
import type { AppStatus, AuditSyncStatus } from '../../shared/schemas/status.ts';
import type { ApiClient } from '../api/api-client.ts';
import { DeskError } from '../errors.ts';
import type { SessionService } from '../session/session-service.ts';

export type ChannelHandlers = {
  readonly [N in ContractChannelName]: (request: ParsedRequest<N>) => Promise<z.input<Channels[N]['response']>>;
};

export interface HandlerServices {
  readonly session: SessionService;
  readonly api: ApiClient;
  readonly syncStatus: () => AuditSyncStatus;
  readonly appStatus: () => AppStatus;
  /** Whether the supervisor's live stream is connected, as the SupervisorStream last said. */
  readonly supervisorStreamState: () => SupervisorStreamState;
  /** Allowed https origins from policy. */
  readonly externalAllowlist: readonly string[];
  /** shell.openExternal in the app. */
  readonly openExternal: (url: string) => Promise<void>;
}

export function createHandlers(services: HandlerServices): ChannelHandlers {
  const { session, api } = services;
  return {
    'session.login': (request) => session.login(request),
    'session.logout': async () => {
      await session.logout();
      return {};
    },
    'session.lock': () => Promise.resolve(session.lock('manual')),
    'session.unlock': (request) => session.unlock(request),
    'session.state': () => Promise.resolve(session.state()),
    'account.changePassword': (request) => session.changePassword(request),
    'account.startMfa': () => api.call('startMfa', {}),
    'account.confirmMfa': (request) => session.confirmMfa(request),
    'customers.lookup': (request) => api.call('lookup', { body: request }),
    'customers.get': (request) => api.call('customer', { params: { customerId: request.customerId } }),
    'notes.add': (request) => api.call('addNote', { params: { customerId: request.customerId }, body: { text: request.text } }),
    'subscriptions.extend': (request) =>
      api.call('extendSubscription', {
        params: { customerId: request.customerId, subscriptionId: request.subscriptionId },
        body: { days: request.days, reason: request.reason },
      }),
    'audit.status': () => Promise.resolve(services.syncStatus()),
    'supervisor.agents': () => api.call('agents', {}),
    'supervisor.searchAudit': (request) => api.call('auditSearch', { query: request }),
    'supervisor.alerts': (request) => api.call('alerts', { query: request }),
    'supervisor.ackAlert': (request) => api.call('ackAlert', { params: { alertId: request.alertId }, body: { note: request.note } }),
    'supervisor.report': async (request) => {
      const report = await api.call('activityReport', { query: { ...request.query, format: 'json' } });
      return request.format === 'csv' ? { format: 'csv', report, csv: activityCsv(report) } : { format: 'json', report };
    },
    'supervisor.floorReport': (request) => api.call('floorReport', { query: request }),
    'supervisor.streamState': () => Promise.resolve(services.supervisorStreamState()),
    'admin.users': () => api.call('adminUsers', {}),
    'admin.createUser': (request) => api.call('adminCreateUser', { body: request }),
    'admin.setRoles': ({ userId, ...body }) => api.call('adminSetRoles', { params: { userId }, body }),
    'admin.disableUser': ({ userId, reason }) => api.call('adminDisableUser', { params: { userId }, body: { reason } }),
    'admin.enableUser': ({ userId, reason }) => api.call('adminEnableUser', { params: { userId }, body: { reason } }),
    'admin.unlockUser': ({ userId, reason }) => api.call('adminUnlockUser', { params: { userId }, body: { reason } }),
    'admin.resetMfa': ({ userId, reason }) => api.call('adminResetMfa', { params: { userId }, body: { reason } }),
    'admin.resetPassword': ({ userId, reason }) => api.call('adminResetPassword', { params: { userId }, body: { reason } }),
    'admin.devices': () => api.call('devices', {}),
    'admin.issueEnrolment': (request) => api.call('issueEnrolment', { body: request }),
    'admin.revokeDevice': ({ deviceId, reason }) => api.call('revokeDevice', { params: { deviceId }, body: { reason } }),
    'admin.accessReview': async (request) => {
      // The desk builds the CSV from the JSON review with the gateway's own writer, so both files agree.
      const review = await api.call('adminAccessReview', { query: { format: 'json' } });
      return request.format === 'csv' ? { format: 'csv', review, csv: accessReviewCsv(review) } : { format: 'json', review };
    },
    'admin.signOffReview': (request) => api.call('adminSignOffReview', { body: request }),
    'admin.alerts': () => api.call('adminAlerts', {}),
    'admin.ackAlert': ({ alertId, note }) => api.call('adminAckAlert', { params: { alertId }, body: { note } }),
    'app.status': () => Promise.resolve(services.appStatus()),
    'app.openExternal': async (request) => {
      if (!services.externalAllowlist.includes(new URL(request.url).origin)) {
        throw new DeskError('forbidden', 'That link is not on the allowlist IT configured');
      }
      await services.openExternal(request.url);
      return {};
    },
  };
}
