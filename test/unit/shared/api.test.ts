import { describe, expect, it } from 'vitest';
import { AuditBatchSchema, routes } from '../../../shared/api.ts';
import { PERMISSIONS } from '../../../shared/roles.ts';
import { LookupRequestSchema } from '../../../shared/schemas/customer.ts';
import { sampleAuditEvent } from '../../harness/device/audit-events.ts';

const hash = (c: string): string => c.repeat(64);
const entry = (seq: number) => ({ seq, prevHash: hash('a'), hash: hash('b'), event: sampleAuditEvent() });
const batch = (seqs: number[]) => ({
  deviceId: 'dev-0001-abcdef',
  batchId: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  entries: seqs.map(entry),
  signature: 'A'.repeat(86),
});

describe('HTTP API table', () => {
  it('has one route per method and path', () => {
    const keys = Object.values(routes).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('protects everything but health, the token-proven auth routes, single sign-on, the device-key-proven heartbeat and revoked-desk batches, the signature-proven webhooks and contact events, the signed update repository, and the transparency log (published, its cosignatures signature-proven)', () => {
    const open = Object.entries(routes)
      .filter(([, r]) => r.access === 'public')
      .map(([name]) => name);
    expect(open.sort()).toEqual([
      'challenge',
      'contactEvents',
      'deviceHeartbeat',
      'health',
      'logCheckpoint',
      'logConsistency',
      'logCosign',
      'logCosigned',
      'logKey',
      'login',
      'logout',
      'reauth',
      'receiveWebhook',
      'refresh',
      'revokedDeviceAuditBatches',
      'ssoProviders',
      'ssoRedeem',
      'ssoStart',
      // The update repository: TUF metadata and targets, proven by their signatures on the desk.
      'updateMetadata',
      'updateTarget',
    ]);
    for (const route of Object.values(routes)) {
      expect(['public', 'account', 'session', 'source', ...PERMISSIONS]).toContain(route.access);
    }
  });

  it('opens the source rule (a service-account token) to the record upserts only', () => {
    const source = Object.entries(routes).filter(([, r]) => r.access === 'source');
    expect(source.map(([name]) => name).sort()).toEqual(['upsertRecord', 'upsertRecords']);
    for (const [, route] of source) expect(route.path).toMatch(/^\/v1\/records/);
  });

  it('opens the account rule (reachable with pending setup) to the account-setup routes only', () => {
    const account = Object.entries(routes).filter(([, r]) => r.access === 'account');
    expect(account.map(([name]) => name).sort()).toEqual(['changePassword', 'confirmMfa', 'startMfa']);
    for (const [, route] of account) expect(route.path).toMatch(/^\/v1\/account\//);
  });

  it('never puts a card number in a URL: card lookups are POST bodies', () => {
    expect(routes.lookup.method).toBe('POST');
    for (const route of Object.values(routes)) expect(route.path).not.toMatch(/card|pan/i);
  });
});

describe('AuditBatchSchema', () => {
  it('accepts consecutive entries', () => {
    expect(AuditBatchSchema.safeParse(batch([5, 6, 7])).success).toBe(true);
  });

  it('refuses gaps, empty and oversized batches', () => {
    expect(AuditBatchSchema.safeParse(batch([5, 7])).success).toBe(false);
    expect(AuditBatchSchema.safeParse(batch([])).success).toBe(false);
    expect(AuditBatchSchema.safeParse(batch(Array.from({ length: 501 }, (_, i) => i + 1))).success).toBe(false);
  });
});

describe('LookupRequestSchema', () => {
  it('takes the three lookup kinds', () => {
    expect(LookupRequestSchema.parse({ by: 'customerId', value: ' CUS-000042 ' })).toEqual({ by: 'customerId', value: 'CUS-000042' });
    expect(LookupRequestSchema.parse({ by: 'order', value: 'ORD-2026-004512' })).toEqual({ by: 'order', value: 'ORD-2026-004512' });
    expect(LookupRequestSchema.parse({ by: 'card', value: '3782 822463 10005' })).toEqual({ by: 'card', value: '378282246310005' });
  });

  it.each([
    [{ by: 'email', value: 'x@example.com' }],
    [{ by: 'customerId', value: "CUS-1' OR '1'='1" }],
    [{ by: 'order', value: 'x'.repeat(41) }],
    [{ by: 'card', value: '4'.repeat(65) }],
    [{ by: 'card', value: 4111111111111111 }],
    [null],
  ])('refuses %j', (input) => {
    expect(LookupRequestSchema.safeParse(input).success).toBe(false);
  });
});
