// One definition of each figure the floor charts, the activity report, the
// wallboard and the drill-downs behind them show: which of the gateway's own
// events it counts, with which outcome. The gateway records every sign-in and
// customer access itself, so only its own records count: a desk's copy of the
// same action would count it twice, and a desk's "gateway unreachable" would
// count an action that never reached it.
import type { AuditEventType } from './audit.ts';
import { GATEWAY_DEVICE_ID } from './gateway-device.ts';

export interface FigureDefinition {
  readonly types: readonly AuditEventType[];
  readonly outcome: 'success' | 'failure';
}

export const FIGURES = {
  lookups: { types: ['customer.lookup'], outcome: 'success' },
  recordsViewed: { types: ['customer.view'], outcome: 'success' },
  notesAdded: { types: ['customer.note.add'], outcome: 'success' },
  extensions: { types: ['subscription.extend'], outcome: 'success' },
  /** A wrong password or code at sign-in and at unlock alike: both are failed authentications (PCI DSS 10.2.1.4). */
  failedSignIns: { types: ['auth.login', 'auth.reauth'], outcome: 'failure' },
} as const satisfies Record<string, FigureDefinition>;
export type FigureName = keyof typeof FIGURES;

/** Whether one stored event counts toward a figure. A flagged event (a revoked desk's late upload) never counts. */
export function countsToward(figure: FigureDefinition, stored: { readonly deviceId: string; readonly flag?: string; readonly event: { readonly type: string; readonly outcome: string } }): boolean {
  return stored.deviceId === GATEWAY_DEVICE_ID && stored.flag === undefined && stored.event.outcome === figure.outcome && (figure.types as readonly string[]).includes(stored.event.type);
}
