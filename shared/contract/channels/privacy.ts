// Data-subject requests and legal holds (issue 27): an agent opens a request for
// the customer on the call; the privacy officer works it, places and releases
// holds, and reads the export. The gateway records each step under the
// customer's keyed pseudonym; the desk's events name the request or the hold
// only, never the customer, a reason's text or anything in the export.
import {
  CompletePrivacyRequestSchema,
  ExtendPrivacyRequestSchema,
  LegalHoldParamsSchema,
  OpenPrivacyRequestSchema,
  PlaceLegalHoldSchema,
  PrivacyRequestParamsSchema,
  ReleaseLegalHoldSchema,
} from '../../schemas/privacy.ts';
import { NoContentSchema as Empty } from '../../api.ts';
import { forward } from '../channel-kinds.ts';

export const privacyChannels = {
  'privacy.open': forward('openPrivacyRequest', {
    request: OpenPrivacyRequestSchema,
    audit: {
      event: 'privacy.request.open',
      describe: (request, response) => ({
        target: { kind: 'privacy-request', id: response?.requestId ?? null },
        details: { kind: request?.kind ?? null, law: request?.law ?? null, verification: request?.verification ?? null },
      }),
    },
    whileLocked: false,
  }),
  'privacy.requests': forward('privacyRequests', {
    request: Empty,
    audit: { event: 'privacy.view', describe: (_request, response) => ({ target: { kind: 'privacy-request', id: null }, details: { results: response?.requests.length ?? 0 } }) },
    whileLocked: false,
  }),
  'privacy.extend': forward('extendPrivacyRequest', {
    request: PrivacyRequestParamsSchema.extend(ExtendPrivacyRequestSchema.shape),
    audit: {
      event: 'privacy.request.extend',
      describe: (request, response) => ({ target: { kind: 'privacy-request', id: request?.requestId ?? null }, details: { dueAt: response?.dueAt ?? null } }),
    },
    whileLocked: false,
  }),
  'privacy.complete': forward('completePrivacyRequest', {
    request: PrivacyRequestParamsSchema.extend(CompletePrivacyRequestSchema.shape),
    audit: {
      event: 'privacy.request.complete',
      describe: (request, response) => ({
        target: { kind: 'privacy-request', id: request?.requestId ?? null },
        details: { outcome: request?.outcome ?? null, kind: response?.kind ?? null },
      }),
    },
    whileLocked: false,
  }),
  'privacy.export': forward('exportPrivacyRequest', {
    request: PrivacyRequestParamsSchema,
    audit: {
      event: 'privacy.export',
      describe: (request, response) => ({
        target: { kind: 'privacy-request', id: request?.requestId ?? null },
        details: { tables: response === null ? 0 : Object.keys(response.json.tables).length },
      }),
    },
    whileLocked: false,
  }),
  'privacy.placeHold': forward('placeLegalHold', {
    request: PlaceLegalHoldSchema,
    audit: {
      event: 'privacy.hold.place',
      describe: (request, response) => ({ target: { kind: 'legal-hold', id: response?.holdId ?? null }, details: { expiresAt: request?.expiresAt ?? null } }),
    },
    whileLocked: false,
  }),
  'privacy.releaseHold': forward('releaseLegalHold', {
    request: LegalHoldParamsSchema.extend(ReleaseLegalHoldSchema.shape),
    audit: { event: 'privacy.hold.release', describe: (request) => ({ target: { kind: 'legal-hold', id: request?.holdId ?? null }, details: {} }) },
    whileLocked: false,
  }),
} as const;
