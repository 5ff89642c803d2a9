import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AUDIT_EVENT_TYPES } from '../../../shared/audit.ts';
import { createContractAgentApi } from '../../../shared/contract/agent-api.ts';
import { channels, isChannelName } from '../../../shared/contract/channels.ts';
import { checkAccess, checkChannelName, checkRequest, checkResponse } from '../../../shared/contract/checks.ts';
import type { ChannelName } from '../../../shared/contract/define.ts';
import { isPushEventName, pushEvents } from '../../../shared/contract/push-events.ts';
import type { Result } from '../../../shared/errors.ts';
import type { LookupResult } from '../../../shared/schemas/customer.ts';
import { can, type Permission } from '../../../shared/roles.ts';
import { assertProperty } from '../../harness/arbitraries/property.ts';
import { writtenPanArb } from '../../harness/arbitraries/pan-arbitraries.ts';

function recordingTransport() {
  const calls: [ChannelName, unknown][] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  return {
    calls,
    listeners,
    transport: {
      invoke: (channel: ChannelName, request: unknown) => {
        calls.push([channel, request]);
        return Promise.resolve({ ok: true, value: { echoed: channel } });
      },
      subscribe: (event: ChannelName, listener: (payload: unknown) => void) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    },
  };
}

describe('channel declarations', () => {
  it('name an existing audit event type or say why none is written', () => {
    for (const [name, spec] of Object.entries(channels)) {
      if ('none' in spec.audit) expect(spec.audit.none.length, name).toBeGreaterThan(10);
      else expect(Object.keys(AUDIT_EVENT_TYPES), name).toContain(spec.audit.event);
    }
  });

  it('declare the channels the later issues need', () => {
    for (const name of [
      'session.login',
      'session.logout',
      'session.lock',
      'session.unlock',
      'session.state',
      'customers.lookup',
      'customers.get',
      'notes.add',
      'subscriptions.extend',
      'audit.status',
      'supervisor.agents',
      'supervisor.searchAudit',
      'supervisor.alerts',
      'supervisor.ackAlert',
      'supervisor.report',
      'app.status',
    ]) {
      expect(isChannelName(name), name).toBe(true);
    }
  });

  it('audit every channel that touches customer data', () => {
    for (const name of ['customers.lookup', 'customers.get', 'notes.add', 'subscriptions.extend'] as const) {
      expect(channels[name].audit).toHaveProperty('event');
      expect(channels[name].whileLocked).toBe(false);
    }
  });
});

describe('derived window.agent API', () => {
  it('has exactly one method per declared channel, grouped by namespace, and no generic invoke', () => {
    const { transport } = recordingTransport();
    const api = createContractAgentApi(transport) as unknown as Record<string, unknown>;
    const methods = Object.entries(api)
      .filter(([key]) => key !== 'subscribe')
      .flatMap(([namespace, group]) => Object.keys(group as object).map((method) => `${namespace}.${method}`));
    expect(methods.sort()).toEqual(Object.keys(channels).sort());
    expect(Object.keys(api)).not.toContain('invoke');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.session)).toBe(true);
  });

  it('types each method from its schemas (checked by tsc -b)', () => {
    const api = createContractAgentApi(recordingTransport().transport);
    expectTypeOf(api.customers.lookup).returns.resolves.toEqualTypeOf<Result<LookupResult>>();
    expectTypeOf(api.customers.lookup).parameter(0).toEqualTypeOf<
      { by: 'customerId'; value: string } | { by: 'order'; value: string } | { by: 'card'; value: string }
    >();
    // @ts-expect-error the API has no generic invoke
    expect(api.invoke).toBeUndefined();
  });

  it('forwards each call under its declared channel name', async () => {
    const { transport, calls } = recordingTransport();
    const api = createContractAgentApi(transport);
    await api.customers.lookup({ by: 'customerId', value: 'CUS-000001' });
    await api.session.state();
    expect(calls).toEqual([
      ['customers.lookup', { by: 'customerId', value: 'CUS-000001' }],
      ['session.state', {}],
    ]);
  });

  it('subscribes to declared push events only', () => {
    const { transport, listeners } = recordingTransport();
    const api = createContractAgentApi(transport);
    const seen: unknown[] = [];
    const unsubscribe = api.subscribe('session.changed', (state) => seen.push(state.status));
    listeners.get('session.changed')?.({ status: 'signed_out' });
    expect(seen).toEqual(['signed_out']);
    unsubscribe();
    expect(listeners.has('session.changed')).toBe(false);
    expect(() => api.subscribe('session.login' as 'session.changed', () => undefined)).toThrow(/Unknown push event/);
    expect(isPushEventName('supervisor.alert')).toBe(true);
    expect(Object.keys(pushEvents)).not.toContain('session.login');
  });
});

describe('router checks derived from the declarations', () => {
  it('rejects unknown channel names', () => {
    expect(checkChannelName('fs.readFile')).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(checkChannelName('__proto__')).toMatchObject({ ok: false });
    expect(checkChannelName('session.login')).toEqual({ ok: true, value: 'session.login' });
  });

  it('normalizes a valid card lookup to digits', () => {
    expect(checkRequest('customers.lookup', { by: 'card', value: '4111 1111 1111 1111' })).toEqual({
      ok: true,
      value: { by: 'card', value: '4111111111111111' },
    });
  });

  it('rejects an invalid card without echoing it', () => {
    const result = checkRequest('customers.lookup', { by: 'card', value: '4111 1111 1111 1112' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(JSON.stringify(result)).not.toMatch(/4111/);
    expect(JSON.stringify(result)).toContain('Luhn');
  });

  it('rejects a PAN typed into the customer ID or order field', () => {
    for (const by of ['customerId', 'order'] as const) {
      const result = checkRequest('customers.lookup', { by, value: '4111111111111111' });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(JSON.stringify(result)).not.toContain('4111111111111111');
    }
  });

  it('property: a note or reason carrying a written PAN is refused', () => {
    assertProperty(
      fc.property(writtenPanArb, fc.boolean(), (card, asNote) => {
        const text = `Customer read out ${card.written} on the call`;
        const result = asNote
          ? checkRequest('notes.add', { customerId: 'CUS-000001', text })
          : checkRequest('subscriptions.extend', { customerId: 'CUS-000001', subscriptionId: 'SUB-1', days: 30, reason: text });
        expect(result.ok).toBe(false);
      }),
    );
  });

  it('property: hostile payloads get a typed error, never an exception', () => {
    const names = Object.keys(channels) as (keyof typeof channels)[];
    assertProperty(
      fc.property(fc.constantFrom(...names), fc.anything({ maxDepth: 4 }), (name, payload) => {
        const result = checkRequest(name, payload);
        if (!result.ok) {
          expect(result.error.code).toBe('invalid_request');
          expect(result.error.message.length).toBeLessThanOrEqual(1000);
        }
      }),
    );
  });

  it('checks roles and the lock state', () => {
    const agent = { roles: ['agent'] as const, locked: false };
    expect(checkAccess('customers.lookup', null)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(checkAccess('customers.lookup', { roles: [...agent.roles], locked: false })).toEqual({ ok: true, value: true });
    expect(checkAccess('supervisor.searchAudit', { roles: ['agent'], locked: false })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(checkAccess('customers.lookup', { roles: ['agent'], locked: true })).toMatchObject({
      ok: false,
      error: { code: 'session_locked' },
    });
    expect(checkAccess('session.unlock', { roles: ['agent'], locked: true })).toEqual({ ok: true, value: true });
    expect(checkAccess('session.login', null)).toEqual({ ok: true, value: true });
  });

  it('keeps every channel’s access rule and lock rule as declared at 1ef7c47, so each call is refused for whom it was', () => {
    // [access, whileLocked], from shared/contract/channels.ts before forwarded channels took theirs from the route table.
    const BEFORE: Record<string, readonly [string, boolean]> = {
      'account.changePassword': ['account', false],
      'account.confirmMfa': ['account', false],
      'account.startMfa': ['account', false],
      'admin.accessReview': ['admin.review', false],
      'admin.ackAlert': ['admin.users', false],
      'admin.alerts': ['admin.users', false],
      'admin.approvals': ['admin.users', false],
      'admin.releases': ['admin.devices', false],
      'admin.rollout': ['admin.devices', false],
      'admin.releaseAction': ['admin.devices', false],
      'admin.patchReport': ['admin.devices', false],
      'admin.approve': ['admin.users', false],
      'admin.enrolmentGrants': ['admin.devices', false],
      'admin.rejectApproval': ['admin.users', false],
      'admin.requestApproval': ['admin.users', false],
      'admin.revokeEnrolment': ['admin.devices', false],
      'admin.createUser': ['admin.users', false],
      'admin.devices': ['admin.devices', false],
      'admin.disableUser': ['admin.users', false],
      // Issue 26: the evidence pack, for the admins who run the access review.
      'admin.evidencePack': ['admin.review', false],
      'admin.enableUser': ['admin.users', false],
      'admin.issueEnrolment': ['admin.devices', false],
      'admin.resetMfa': ['admin.users', false],
      'admin.resetPassword': ['admin.users', false],
      'admin.revokeDevice': ['admin.devices', false],
      'admin.setRoles': ['admin.users', false],
      'admin.signOffReview': ['admin.review', false],
      'admin.unlockUser': ['admin.users', false],
      'admin.users': ['admin.users', false],
      'app.openExternal': ['session', false],
      'app.status': ['public', true],
      'audit.status': ['session', true],
      'customers.follow': ['customers.read', false],
      'customers.get': ['customers.read', false],
      'customers.lookup': ['customers.lookup', false],
      'customers.unfollow': ['customers.read', false],
      'notes.add': ['notes.write', false],
      'session.lock': ['session', true],
      'session.login': ['public', false],
      'session.logout': ['session', true],
      'session.ssoCancel': ['public', true],
      'session.ssoProviders': ['public', true],
      'session.ssoSignIn': ['public', false],
      'session.ssoUnlock': ['session', true],
      'session.state': ['public', true],
      'session.unlock': ['session', true],
      'session.wallboard': ['supervisor.monitor', false],
      'subscriptions.extend': ['subscriptions.extend', false],
      'supervisor.ackAlert': ['supervisor.alertsAck', false],
      'supervisor.agents': ['supervisor.monitor', false],
      'supervisor.alerts': ['supervisor.monitor', false],
      'supervisor.calls': ['supervisor.monitor', false],
      'supervisor.floorReport': ['supervisor.reports', false],
      'supervisor.report': ['supervisor.reports', false],
      'supervisor.searchAudit': ['supervisor.auditRead', false],
      // Issue 26: the scheduled reports, like the other reports.
      'supervisor.storedReport': ['supervisor.reports', false],
      'supervisor.storedReportPdf': ['supervisor.reports', false],
      'supervisor.storedReports': ['supervisor.reports', false],
      'supervisor.streamState': ['supervisor.monitor', false],
      'supervisor.wallboard': ['supervisor.monitor', false],
      // Security awareness (issue 26), added after 1ef7c47.
      'training.acknowledge': ['session', false],
      'training.overview': ['session', false],
      'training.publishModule': ['admin.users', false],
      'training.publishPolicy': ['admin.users', false],
      'training.report': ['admin.users', false],
      'training.submitQuiz': ['session', false],
      // Data-subject requests (issue 27), added after e00b4a6.
      'privacy.complete': ['privacy.manage', false],
      'privacy.export': ['privacy.manage', false],
      'privacy.extend': ['privacy.manage', false],
      'privacy.open': ['privacy.open', false],
      'privacy.placeHold': ['privacy.manage', false],
      'privacy.releaseHold': ['privacy.manage', false],
      'privacy.requests': ['privacy.manage', false],
      // Wrap-up (issue 24).
      'wrapup.codes': ['admin.users', false],
      'wrapup.createCode': ['admin.users', false],
      'wrapup.createTemplate': ['admin.users', false],
      'wrapup.options': ['notes.write', false],
      'wrapup.record': ['notes.write', false],
      'wrapup.report': ['supervisor.reports', false],
      'wrapup.retireCode': ['admin.users', false],
      'wrapup.retireTemplate': ['admin.users', false],
      'wrapup.templates': ['admin.users', false],
      // Declared after 1ef7c47 (issue 26), with their routes' access.
      'review.closeIncident': ['incidents.close', false],
      'review.days': ['review.read', false],
      'review.incidents': ['incidents.read', false],
      'review.signOff': ['review.signOff', false],
    };
    expect(Object.fromEntries(Object.entries(channels).map(([name, spec]) => [name, [spec.access, spec.whileLocked]]))).toEqual(BEFORE);
    // And so every decision over every role set, locked or not, with setup pending or not.
    const roleSets = [[], ['agent'], ['supervisor'], ['admin'], ['agent', 'supervisor'], ['supervisor', 'admin'], ['agent', 'admin'], ['agent', 'supervisor', 'admin']] as const;
    let decisions = 0;
    for (const name of Object.keys(channels) as (keyof typeof channels)[]) {
      const [access, whileLocked] = BEFORE[name] ?? ['', false];
      for (const roles of roleSets) {
        for (const locked of [false, true]) {
          for (const pendingSetup of [[], ['password']]) {
            const needed = access === 'public' || access === 'account' || access === 'session' ? null : (access as Permission);
            const refused =
              access !== 'public' && access !== 'account' && pendingSetup.length > 0
                ? 'setup_required'
                : needed !== null && !can(roles, needed)
                  ? 'forbidden'
                  : null;
            const expected = refused ?? (locked && !whileLocked ? 'session_locked' : 'ok');
            const decided = checkAccess(name, { roles: [...roles], locked, pendingSetup });
            expect(decided.ok ? 'ok' : decided.error.code, `${name} ${roles.join('+')} locked=${String(locked)} setup=${pendingSetup.length}`).toBe(expected);
            decisions += 1;
          }
        }
      }
    }
    expect(decisions).toBe(86 * 32);
  });

  it('refuses a service answer that breaks the contract, without passing it on', () => {
    const bad = checkResponse('session.state', { status: 'active', accessToken: 'secret' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(bad)).not.toContain('secret');
    expect(checkResponse('session.state', { status: 'signed_out' })).toEqual({ ok: true, value: { status: 'signed_out' } });
    // Unknown fields are dropped on the way out, so a stray token never reaches the renderer.
    expect(checkResponse('session.state', { status: 'signed_out', refreshToken: 'secret' })).toEqual({
      ok: true,
      value: { status: 'signed_out' },
    });
  });
});
