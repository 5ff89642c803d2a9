// One open alert, as the gateway streams it, for tests that push or stream alerts.
import type { Alert } from '../../../shared/schemas/supervision.ts';

export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  const now = new Date().toISOString();
  return {
    alertId: 'AL-test-1',
    kind: 'sync_lag',
    severity: 'warning',
    raisedAt: now,
    userId: null,
    deviceId: null,
    message: 'test alert',
    status: 'open',
    occurrences: 1,
    lastOccurredAt: now,
    acks: [],
    ...overrides,
  };
}
