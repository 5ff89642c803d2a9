import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_EVENT_TYPES,
  AuditEventSchema,
  PCI_10_2_1,
  pciRequirementsOf,
  type AuditEventType,
  type PciRequirement,
} from '../../../shared/audit.ts';
import { batchSigningMessage, chainMessage, GENESIS_HASH, sealAad } from '../../../shared/audit-chain.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { sampleAuditEvent } from '../../harness/device/audit-events.ts';
import { writtenPanArb } from '../../harness/arbitraries/pan-arbitraries.ts';
import { assertProperty } from '../../harness/arbitraries/property.ts';

describe('audit event types', () => {
  it('cover every PCI DSS 10.2.1.1-10.2.1.7 item', () => {
    const covered = new Set(Object.values(AUDIT_EVENT_TYPES).flat());
    for (const requirement of Object.keys(PCI_10_2_1) as PciRequirement[]) {
      expect(covered, `no event type logs ${requirement}`).toContain(requirement);
    }
  });

  it('map login failures and audit-log reads to their requirements', () => {
    expect(pciRequirementsOf('auth.login')).toContain('10.2.1.4');
    expect(pciRequirementsOf('audit.read')).toContain('10.2.1.3');
    expect(pciRequirementsOf('app.start')).toContain('10.2.1.6');
  });
});

describe('AuditEventSchema (PCI DSS 10.2.2 fields)', () => {
  it('accepts a complete event', () => {
    const event = sampleAuditEvent();
    expect(AuditEventSchema.parse(event)).toEqual(event);
  });

  it.each([
    ['a local time', { at: '2026-11-23T16:53:50.123' }],
    ['an offset time', { at: '2026-11-23T17:53:50.123+01:00' }],
    ['a time without milliseconds', { at: '2026-11-23T16:53:50Z' }],
    ['an unknown type', { type: 'customer.delete' as AuditEventType }],
    ['a free-text reason', { reason: 'User typed: hello' }],
  ])('refuses %s', (_label, change) => {
    expect(AuditEventSchema.safeParse(sampleAuditEvent(change)).success).toBe(false);
  });

  it('refuses unknown top-level fields', () => {
    expect(AuditEventSchema.safeParse({ ...sampleAuditEvent(), extra: 1 }).success).toBe(false);
  });

  it('refuses missing origination fields', () => {
    const event = sampleAuditEvent();
    const origin = { deviceId: event.origin.deviceId, appVersion: event.origin.appVersion };
    expect(AuditEventSchema.safeParse({ ...event, origin }).success).toBe(false);
  });

  it.each([
    ['target id', sampleAuditEvent({ target: { kind: 'card', id: '4111111111111111' } })],
    ['details value', sampleAuditEvent({ details: { query: '4111 1111 1111 1111' } })],
    ['details key', sampleAuditEvent({ details: { '4111-1111-1111-1111': 1 } })],
    ['username', sampleAuditEvent({ actor: { userId: null, username: '5555555555554444', roles: [] } })],
  ])('refuses a PAN in the %s', (_where, event) => {
    const result = AuditEventSchema.safeParse(event);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('must not contain a card number');
  });

  it('property: no written PAN gets through any free-text field', () => {
    assertProperty(
      fc.property(writtenPanArb, fc.constantFrom('details', 'target', 'username'), (card, where) => {
        const text = `note ${card.written} end`;
        const event =
          where === 'details'
            ? sampleAuditEvent({ details: { text } })
            : where === 'target'
              ? sampleAuditEvent({ target: { kind: 'customer', id: text } })
              : sampleAuditEvent({ actor: { userId: null, username: text.slice(0, 128), roles: [] } });
        expect(AuditEventSchema.safeParse(event).success).toBe(false);
      }),
    );
  });

  it('has a deterministic canonical form whatever the key order', () => {
    const event = sampleAuditEvent();
    const reordered = Object.fromEntries(Object.entries(event).reverse());
    expect(canonicalJson(reordered)).toBe(canonicalJson(event));
    expect(canonicalJson(event).startsWith('{"actor":{"roles":["agent"]')).toBe(true);
  });
});

describe('audit chain strings', () => {
  it('binds the previous hash, the sequence number and the canonical event', () => {
    expect(chainMessage(GENESIS_HASH, 1, '{}')).toBe(`${'0'.repeat(64)}\n1\n{}`);
    expect(chainMessage(GENESIS_HASH, 1, '{}')).not.toBe(chainMessage(GENESIS_HASH, 2, '{}'));
  });

  it('binds the seal to device, place and predecessor', () => {
    expect(sealAad('dev-1', 7, 'ab')).not.toBe(sealAad('dev-2', 7, 'ab'));
    expect(sealAad('dev-1', 7, 'ab')).not.toBe(sealAad('dev-1', 8, 'ab'));
  });

  it('signs every field of the batch head', () => {
    const head = { deviceId: 'dev-1', batchId: 'b', firstSeq: 1, lastSeq: 5, headHash: 'f'.repeat(64) };
    const message = batchSigningMessage(head);
    for (const value of Object.values(head)) expect(message).toContain(String(value));
    expect(batchSigningMessage({ ...head, lastSeq: 6 })).not.toBe(message);
  });
});
