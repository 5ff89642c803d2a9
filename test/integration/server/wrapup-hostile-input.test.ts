// Hostile input to wrap-up (issue 24): unknown, retired and malformed codes, a
// missing customer, oversized text, card numbers in a wrap-up note or a
// template, and arbitrary JSON. Each gets a typed error, nothing is stored or
// audited by it, and the gateway never answers 5xx.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { routes } from '../../../shared/api.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { testPan } from '../../harness/records/source-records.ts';
import { createCodes } from '../../harness/wrapup/wrapup-admin.ts';

const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 10_000 } });

const notesOf = async (gw: RunningGateway, token: string): Promise<number> => (await gw.route('customer', { token, params: { customerId: 'CUS-000001' } })).body.notes.length;

describe('hostile input to the wrap-up routes', () => {
  it('refuses unknown, retired and malformed codes and an unknown customer, storing no wrap-up and no note', async ({ gw }) => {
    const admin = (await gw.login('admin.ivan')).token;
    const ana = (await gw.login('agent.ana')).token;
    await createCodes(gw, admin, ['GONE']);
    expect((await gw.route('adminRetireWrapupCode', { token: admin, params: { code: 'GONE' }, body: {} })).status).toBe(200);
    const notesBefore = await notesOf(gw, ana);
    const wrap = (customerId: string, body: unknown) => gw.call('POST', routes.recordWrapup.path.replace(':customerId', customerId), { token: ana, body });
    const cases: [string, unknown, string][] = [
      ['CUS-000001', { code: 'NEVER', note: 'Kept?' }, 'not_found'],
      ['CUS-000001', { code: 'GONE', note: 'Kept?' }, 'conflict'],
      ['CUS-000001', { code: 'lower', note: 'Kept?' }, 'invalid_request'],
      ['CUS-000001', { code: '' }, 'invalid_request'],
      ['CUS-000001', { code: 'X'.repeat(33) }, 'invalid_request'],
      ['CUS-000001', { code: ['GONE'] }, 'invalid_request'],
      ['CUS-000001', {}, 'invalid_request'],
      ['CUS-999999', { code: 'NEVER' }, 'not_found'],
    ];
    for (const [customerId, body, code] of cases) {
      const answer = await wrap(customerId, body);
      expect(answer.json.error?.code, `${customerId} ${JSON.stringify(body)}: ${answer.status}`).toBe(code);
    }
    expect(await notesOf(gw, ana)).toBe(notesBefore);
    expect(await gatewayAuditEvents(gw, 'customer.wrapup')).toEqual([]);
  });

  // The request schemas refuse it (so the desk's contract check refuses it before it leaves): a typed invalid_request naming the card number.
  it('refuses a card number in a wrap-up note, a template or a label, never echoing it', async ({ gw }) => {
    const admin = (await gw.login('admin.ivan')).token;
    const ana = (await gw.login('agent.ana')).token;
    await createCodes(gw, admin, ['PAID']);
    const pan = testPan();
    const spaced = pan.replace(/(\d{4})(?=\d)/g, '$1 ');
    const notesBefore = await notesOf(gw, ana);
    const attempts = [
      gw.route('recordWrapup', { token: ana, params: { customerId: 'CUS-000001' }, body: { code: 'PAID', note: `Paid with ${pan}` } }),
      gw.route('recordWrapup', { token: ana, params: { customerId: 'CUS-000001' }, body: { code: 'PAID', note: `card ${spaced} ok` } }),
      gw.route('adminCreateNoteTemplate', { token: admin, body: { title: 'Card', body: `Use ${spaced}` } }),
      gw.route('adminCreateNoteTemplate', { token: admin, body: { title: `Card ${pan}`, body: 'Any text' } }),
      gw.route('adminCreateWrapupCode', { token: admin, body: { code: 'CARD', label: `Card ${pan}` } }),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status, answer.text).toBe(400);
      expect(answer.error?.code).toBe('invalid_request');
      expect(answer.error?.message).toContain('must not contain a card number');
      expect(answer.text).not.toContain(pan.slice(6));
    }
    expect(await notesOf(gw, ana)).toBe(notesBefore);
    expect((await gw.route('adminNoteTemplates', { token: admin })).body).toEqual([]);
    expect(await gatewayAuditEvents(gw, 'customer.wrapup')).toEqual([]);
  });

  it('refuses oversized notes and templates, and a body over the request limit', async ({ gw }) => {
    const admin = (await gw.login('admin.ivan')).token;
    const ana = (await gw.login('agent.ana')).token;
    await createCodes(gw, admin, ['LONG']);
    const long = await gw.route('recordWrapup', { token: ana, params: { customerId: 'CUS-000001' }, body: { code: 'LONG', note: 'n'.repeat(2001) } });
    expect(long.error?.code).toBe('invalid_request');
    const longTemplate = await gw.route('adminCreateNoteTemplate', { token: admin, body: { title: 'Long', body: 't'.repeat(2001) } });
    expect(longTemplate.error?.code).toBe('invalid_request');
    const huge = await gw.call('POST', routes.recordWrapup.path.replace(':customerId', 'CUS-000001'), { token: ana, body: { code: 'LONG', note: 'x'.repeat(200_000) } });
    expect(huge.status).toBe(413);
    expect(await gatewayAuditEvents(gw, 'customer.wrapup')).toEqual([]);
  });

  it('answers arbitrary JSON bodies with a 4xx, never a 5xx, and stores nothing', async ({ gw }) => {
    const ana = (await gw.login('agent.ana')).token;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const answer = await gw.call('POST', routes.recordWrapup.path.replace(':customerId', 'CUS-000002'), { token: ana, body });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    expect(await gatewayAuditEvents(gw, 'customer.wrapup')).toEqual([]);
  });
});
