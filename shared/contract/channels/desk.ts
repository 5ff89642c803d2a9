// The desk's own state and the link opener: answered in main, no gateway call.
import { NoContentSchema as Empty } from '../../api.ts';
import { AppStatusSchema, AuditSyncStatusSchema, OpenExternalRequestSchema } from '../../schemas/status.ts';
import { urlOrigin } from '../../url-origin.ts';
import { local } from '../channel-kinds.ts';

export const auditChannels = {
  'audit.status': local({
    request: Empty,
    response: AuditSyncStatusSchema,
    access: 'session',
    audit: { none: 'status-bar poll of queue depth; no audit content is read' },
    whileLocked: true,
    onWallboard: true,
  }),
} as const;

export const appChannels = {
  'app.status': local({
    request: Empty,
    response: AppStatusSchema,
    access: 'public',
    audit: { none: 'version, device and policy summary; no user or customer data' },
    whileLocked: true,
    onWallboard: true,
  }),
  'app.openExternal': local({
    request: OpenExternalRequestSchema,
    response: Empty,
    access: 'session',
    audit: {
      event: 'external.open',
      describe: (request) => ({ target: { kind: 'url', id: request === null ? null : urlOrigin(request.url) }, details: {} }),
    },
    whileLocked: false,
  }),
} as const;
