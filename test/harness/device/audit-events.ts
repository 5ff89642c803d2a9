// A valid audit event to start tests from; each test changes what it examines.
import type { AuditEvent } from '../../../shared/audit.ts';

export function sampleAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: '3f1c2a9e-8d4b-4c1a-9e2f-0a1b2c3d4e5f',
    type: 'customer.lookup',
    at: '2026-11-23T16:53:50.123Z',
    outcome: 'success',
    reason: null,
    actor: { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent'] },
    origin: { deviceId: 'dev-0001-abcdef', appVersion: '0.1.0', host: 'desk-17' },
    target: { kind: 'card', id: '•••• •••• •••• 1111' },
    details: { by: 'card', results: 1 },
    ...overrides,
  };
}
