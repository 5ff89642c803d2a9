// @vitest-environment jsdom
// The renderer against an in-memory window.agent built from the contract.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent, FAKE_OTP, FAKE_PASSWORD, fakeCustomer } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

async function signedInDesk(customer = fakeCustomer()) {
  const fake = createFakeAgent({ signedInAs: 'agent.ana', customer });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await screen.findByRole('heading', { name: 'Find a customer' });
  return { fake, user };
}

describe('sign-in', () => {
  it('signs in, and shows a clear error for wrong credentials', async () => {
    const fake = createFakeAgent();
    const user = userEvent.setup();
    render(<App agent={fake.agent} />);
    await user.type(await screen.findByLabelText('Username'), 'agent.ana');
    await user.type(screen.getByLabelText('Password'), 'wrong-password-1');
    await user.type(screen.getByLabelText('One-time code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Wrong username, password or one-time code');
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('One-time code').value).toBe('');
    await user.type(screen.getByLabelText('Password'), FAKE_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Find a customer' })).toBeTruthy();
  });
});

describe('sign-in refusals keep what they did not refuse', () => {
  it('keeps the password when the code was missing, and sends the person to the code field', async () => {
    const fake = createFakeAgent();
    const user = userEvent.setup();
    render(<App agent={fake.agent} />);
    await user.type(await screen.findByLabelText('Username'), 'agent.ben');
    await user.type(screen.getByLabelText('Password'), `${FAKE_PASSWORD}{Enter}`);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Wrong username, password or one-time code. If your account uses an authenticator app, add its code.',
    );
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe(FAKE_PASSWORD);
    await waitFor(() => expect(document.activeElement?.id).toBe('otp'));
    await user.keyboard(`${FAKE_OTP}{Enter}`);
    expect(await screen.findByRole('heading', { name: 'Find a customer' })).toBeTruthy();
  });

  it('says a wrong unlock is a wrong password (and code), on a screen without a username', async () => {
    const fake = createFakeAgent({ signedInAs: 'agent.ben' });
    const user = userEvent.setup();
    render(<App agent={fake.agent} />);
    await user.click(await screen.findByRole('button', { name: 'Lock' }));
    await user.type(await screen.findByLabelText('Password'), `wrong-${FAKE_PASSWORD}`);
    await user.type(screen.getByLabelText('One-time code'), `${FAKE_OTP}{Enter}`);
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong password or one-time code.');
    cleanup();

    const noMfa = createFakeAgent({ signedInAs: 'agent.ana' });
    render(<App agent={noMfa.agent} />);
    await user.click(await screen.findByRole('button', { name: 'Lock' }));
    await user.type(await screen.findByLabelText('Password'), `wrong-${FAKE_PASSWORD}{Enter}`);
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong password.');
  });
});

describe('lookup desk', () => {
  it('puts the focus in the search box', async () => {
    await signedInDesk();
    expect(document.activeElement?.id).toBe('lookup-value');
  });

  it('finds by customer ID and opens the single result', async () => {
    const { fake, user } = await signedInDesk();
    await user.type(screen.getByLabelText('Customer ID'), 'CUS-000001{Enter}');
    expect(await screen.findByRole('heading', { name: /Grace Berg/ })).toBeTruthy();
    expect(fake.calls.find((c) => c.channel === 'customers.lookup')?.request).toEqual({ by: 'customerId', value: 'CUS-000001' });
  });

  it('finds by order number after Alt+2', async () => {
    const { fake, user } = await signedInDesk();
    await user.keyboard('{Alt>}2{/Alt}');
    await user.type(screen.getByLabelText('Order / transaction'), 'TXN-0000010123{Enter}');
    expect(await screen.findByRole('heading', { name: /Grace Berg/ })).toBeTruthy();
    expect(fake.calls.find((c) => c.channel === 'customers.lookup')?.request).toEqual({ by: 'order', value: 'TXN-0000010123' });
  });

  it('takes a card number after Alt+3 with brand and Luhn feedback, then clears the field on submit', async () => {
    const { fake, user } = await signedInDesk();
    await user.keyboard('{Alt>}3{/Alt}');
    const field = screen.getByLabelText<HTMLInputElement>('Card number');
    expect(field.getAttribute('autocomplete')).toBe('off');
    expect(field.getAttribute('spellcheck')).toBe('false');
    await user.type(field, '4111 1111 1111 1112');
    expect(screen.getByText(/Visa · The card number fails its check digit/)).toBeTruthy();
    await user.clear(field);
    await user.type(field, '4111111111111111');
    expect(field.value).toBe('4111 1111 1111 1111');
    expect(screen.getByText('Visa · check digit valid')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(field.value).toBe('');
    expect(await screen.findByRole('heading', { name: /Grace Berg/ })).toBeTruthy();
    expect(fake.calls.find((c) => c.channel === 'customers.lookup')?.request).toEqual({ by: 'card', value: '4111111111111111' });
    expect(document.body.textContent).not.toMatch(/4111\s?1111\s?1111\s?1111/);
    expect(document.body.textContent).toContain('•••• •••• •••• 1111');
  });

  it('says so when nothing matches', async () => {
    const { user } = await signedInDesk();
    await user.type(screen.getByLabelText('Customer ID'), 'CUS-999999{Enter}');
    expect(await screen.findByRole('heading', { name: 'No customer found' })).toBeTruthy();
  });
});

describe('customer view', () => {
  it('extends a subscription only with a reason and a confirmation', async () => {
    const { fake, user } = await signedInDesk();
    await user.type(screen.getByLabelText('Customer ID'), 'CUS-000001{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Extend Cloud Backup Plus' }));
    await user.type(screen.getByLabelText('Reason (required)'), 'Goodwill for a late parcel');
    await user.click(screen.getByRole('button', { name: 'Extend' }));
    expect(fake.calls.some((c) => c.channel === 'subscriptions.extend')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(fake.calls.find((c) => c.channel === 'subscriptions.extend')?.request).toMatchObject({ days: 30, reason: 'Goodwill for a late parcel' }));
  });

  it('renders server strings as text, never as markup', async () => {
    const hostile = fakeCustomer({ displayName: '<img src=x onerror="window.__xss=1">', city: '<script>window.__xss=2</script>' }, [
      { noteId: 'N-1', customerId: 'CUS-000001', authorId: 'u', authorName: '<b>x</b>', at: '2026-10-01T10:00:00.000Z', text: '<img src=y onerror="window.__xss=3">' },
    ]);
    const { user } = await signedInDesk(hostile);
    await user.type(screen.getByLabelText('Customer ID'), 'CUS-000001{Enter}');
    await screen.findByRole('heading', { name: /<img src=x onerror/ });
    expect(document.querySelectorAll('img, script, b')).toHaveLength(0);
    expect(document.body.textContent).toContain('<script>window.__xss=2</script>');
    expect((window as unknown as { __xss?: number }).__xss).toBeUndefined();
  });
});

describe('lock', () => {
  it('drops customer data from the page while locked, and brings the customer back on unlock only by reading it again', async () => {
    const { fake, user } = await signedInDesk();
    await user.type(screen.getByLabelText('Customer ID'), 'CUS-000001{Enter}');
    await screen.findByRole('heading', { name: /Grace Berg/ });
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    expect(await screen.findByRole('heading', { name: 'Desk locked' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('Grace Berg');
    expect(document.body.textContent).not.toContain('1111');
    expect(fake.calls.filter((c) => c.channel === 'customers.get')).toHaveLength(1);
    await user.type(screen.getByLabelText('Password'), FAKE_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('heading', { name: /Grace Berg/ });
    expect(fake.calls.filter((c) => c.channel === 'customers.get')).toHaveLength(2);
  });

  it('locks when main says so (idle, OS lock), whatever is on screen', async () => {
    const { fake, user } = await signedInDesk();
    await user.type(screen.getByLabelText('Customer ID'), 'CUS-000001{Enter}');
    await screen.findByRole('heading', { name: /Grace Berg/ });
    act(() => {
      fake.setSession({ status: 'locked', user: { userId: 'u-agent-ana', username: 'agent.ana', displayName: 'Ana Agent', roles: ['agent'], mfaEnabled: false }, lockedAt: new Date().toISOString(), reason: 'idle', otpRequired: false });
    });
    expect(screen.getByText(/after inactivity/)).toBeTruthy();
    expect(document.body.textContent).not.toContain('Grace Berg');
  });
});

describe('roles', () => {
  it('gives an agent no supervision view, and main refuses its calls', async () => {
    const { fake } = await signedInDesk();
    expect(screen.queryByRole('button', { name: 'Supervision' })).toBeNull();
    expect(await fake.agent.supervisor.agents()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('shows a supervisor the live board, feed and alerts, updated by push events', async () => {
    const fake = createFakeAgent({ signedInAs: 'sup.sara' });
    const user = userEvent.setup();
    render(<App agent={fake.agent} />);
    await screen.findByRole('heading', { name: 'Supervision' });
    expect(await screen.findByText('Ana Agent')).toBeTruthy();
    await waitFor(() => expect(fake.listens('supervisor.audit')).toBe(true));
    act(() => {
      fake.emit('supervisor.audit', {
        deviceId: 'desk-1',
        seq: 7,
        receivedAt: new Date().toISOString(),
        event: { id: '3f1c2a9e-8d4b-4c1a-9e2f-0a1b2c3d4e5f', type: 'customer.lookup', at: new Date().toISOString(), outcome: 'success', reason: null, actor: { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent'] }, origin: { deviceId: 'desk-1', appVersion: '0.1.0', host: 'h' }, target: { kind: 'card', id: '••••1111' }, details: {} },
      });
    });
    expect(within(screen.getByRole('list', { name: 'Actions, newest first' })).getByText(/agent\.ana looked up card ••••1111/)).toBeTruthy();
    await user.type(screen.getByLabelText('What was done'), 'Talked to Ana');
    await user.click(screen.getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(screen.getByText('No open alerts.')).toBeTruthy());
    expect(fake.calls.find((c) => c.channel === 'supervisor.ackAlert')?.request).toEqual({ alertId: 'A-1', note: 'Talked to Ana' });
  });
});
