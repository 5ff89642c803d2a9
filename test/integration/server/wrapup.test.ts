// Wrap-up at the gateway (issue 24): admins keep disposition codes and note
// templates, each change audited in its transaction; an agent ends a contact
// with a code in force, its free text kept as a sealed customer note; the
// report counts wrap-ups per agent and code.
import { describe, expect } from 'vitest';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { createCodes } from '../../harness/wrapup/wrapup-admin.ts';

const it = gatewayTestWith({ customers: 3, config: { authRateLimitPerMinute: 10_000, wrapup: { required: true } } });

describe('wrap-up codes and note templates', () => {
  it('lets an admin add and retire codes and templates, each change audited, and offers only those in force', async ({ gw }) => {
    const admin = (await gw.login('admin.ivan')).token;
    const ana = (await gw.login('agent.ana')).token;
    await createCodes(gw, admin, ['RESOLVED', 'CALLBACK']);
    const template = await gw.route('adminCreateNoteTemplate', { token: admin, body: { title: 'Refund promised', body: 'Refund of the order promised within 5 days.' } });
    expect(template.status, template.text).toBe(200);
    const old = await gw.route('adminCreateNoteTemplate', { token: admin, body: { title: 'Old wording', body: 'Not used any more.' } });
    expect((await gw.route('adminRetireWrapupCode', { token: admin, params: { code: 'CALLBACK' }, body: {} })).body.retiredAt).toEqual(expect.any(String));
    expect((await gw.route('adminRetireNoteTemplate', { token: admin, params: { templateId: old.body.templateId }, body: {} })).status).toBe(200);

    const options = (await gw.route('wrapupOptions', { token: ana })).body;
    expect(options.required).toBe(true);
    expect(options.codes.map((code) => code.code)).toEqual(['RESOLVED']);
    expect(options.templates.map((t) => t.title)).toEqual(['Refund promised']);
    expect((await gw.route('adminWrapupCodes', { token: admin })).body.map((code) => [code.code, code.retiredAt === null])).toEqual([
      ['CALLBACK', false],
      ['RESOLVED', true],
    ]);

    const codeEvents = await gatewayAuditEvents(gw, 'wrapup.code.change');
    expect(codeEvents.map((e) => [e.target.id, e.details.action, e.actor.username])).toEqual([
      ['RESOLVED', 'create', 'admin.ivan'],
      ['CALLBACK', 'create', 'admin.ivan'],
      ['CALLBACK', 'retire', 'admin.ivan'],
    ]);
    expect((await gatewayAuditEvents(gw, 'wrapup.template.change')).map((e) => e.details.action)).toEqual(['create', 'create', 'retire']);
  });

  it('refuses a duplicate code, retiring twice or an unknown entry, and the lists to a non-admin', async ({ gw }) => {
    const admin = (await gw.login('admin.ivan')).token;
    const ana = (await gw.login('agent.ana')).token;
    await createCodes(gw, admin, ['SOLD']);
    expect((await gw.route('adminCreateWrapupCode', { token: admin, body: { code: 'SOLD', label: 'Again' } })).error?.code).toBe('conflict');
    expect((await gw.route('adminRetireWrapupCode', { token: admin, params: { code: 'SOLD' }, body: {} })).status).toBe(200);
    expect((await gw.route('adminRetireWrapupCode', { token: admin, params: { code: 'SOLD' }, body: {} })).error?.code).toBe('conflict');
    expect((await gw.route('adminRetireWrapupCode', { token: admin, params: { code: 'NOPE' }, body: {} })).error?.code).toBe('not_found');
    expect((await gw.route('adminRetireNoteTemplate', { token: admin, params: { templateId: 'T-missing' }, body: {} })).error?.code).toBe('not_found');
    expect((await gw.route('adminCreateWrapupCode', { token: ana, body: { code: 'MINE', label: 'Mine' } })).error?.code).toBe('forbidden');
    expect((await gw.route('adminWrapupCodes', { token: ana })).error?.code).toBe('forbidden');
    const sold = (await gatewayAuditEvents(gw, 'wrapup.code.change')).filter((e) => e.target.id === 'SOLD');
    expect(sold.map((e) => e.details.action)).toEqual(['create', 'retire']);
    expect((await gatewayAuditEvents(gw, 'wrapup.code.change')).map((e) => e.target.id)).not.toContain('MINE');
  });

  it('records an agent\'s wrap-up with its code and keeps the free text as a customer note', async ({ gw }) => {
    const ana = (await gw.login('agent.ana')).token;
    const answer = await gw.route('recordWrapup', { token: ana, params: { customerId: 'CUS-000002' }, body: { code: 'RESOLVED', note: 'Parcel re-sent; customer happy.' } });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ customerId: 'CUS-000002', code: 'RESOLVED', agentName: 'agent.ana' });
    expect(answer.body.noteId).toMatch(/^N-/);
    const detail = await gw.route('customer', { token: ana, params: { customerId: 'CUS-000002' } });
    expect(detail.body.notes.map((note) => [note.noteId, note.text])).toContainEqual([answer.body.noteId, 'Parcel re-sent; customer happy.']);
    const event = (await gatewayAuditEvents(gw, 'customer.wrapup')).find((e) => e.details.wrapupId === answer.body.wrapupId);
    expect(event).toMatchObject({ outcome: 'success', actor: { username: 'agent.ana' }, target: { kind: 'customer', id: 'CUS-000002' }, details: { code: 'RESOLVED' } });
    expect(JSON.stringify(event)).not.toContain('Parcel');
    const bare = await gw.route('recordWrapup', { token: ana, params: { customerId: 'CUS-000001' }, body: { code: 'RESOLVED' } });
    expect(bare.body.noteId).toBeNull();
  });

});
