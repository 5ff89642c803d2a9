// @vitest-environment jsdom
// The Administration workspace against the in-memory window.agent (contract
// checks included): validation, reasons, secrets shown once, errors in place,
// keyboard flow, and that agents and supervisors never get it.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { adminHandlers, fakeDirectory, FAKE_ENROLMENT_SECRET, FAKE_ONE_TIME_PASSWORD, type FakeDirectory } from '../harness/desk/fake-admin.ts';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

function workspace(dir: FakeDirectory = fakeDirectory(), signedInAs: 'adm.ada' | 'ops.omar' = 'adm.ada') {
  const fake = createFakeAgent({ signedInAs, handlers: adminHandlers(dir) });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  return { fake, user, dir };
}
const people = () => screen.findByRole('table', { name: 'Accounts' });
function nthButton(name: string, i: number): HTMLElement {
  const button = screen.getAllByRole('button', { name })[i];
  if (button === undefined) throw new Error(`no button ${name} #${i}`);
  return button;
}
const storageHolds = (secret: string): boolean =>
  [localStorage, sessionStorage].some((store) => Object.keys(store).some((k) => (store.getItem(k) ?? '').includes(secret)));

describe('who sees Administration', () => {
  it('an admin lands on it; agents and supervisors never see it', async () => {
    workspace();
    expect(await screen.findByRole('main', { name: 'Administration' })).toBeTruthy();
    cleanup();
    for (const who of ['agent.ana', 'sup.sara'] as const) {
      const fake = createFakeAgent({ signedInAs: who });
      render(<App agent={fake.agent} />);
      await screen.findByRole('button', { name: 'Sign out' });
      expect(screen.queryByRole('main', { name: 'Administration' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Administration' })).toBeNull();
      expect(fake.calls.some((c) => c.channel.startsWith('admin.'))).toBe(false);
      cleanup();
    }
  });

  it('is watermarked with the user\'s name where capture cannot be blocked, as the status bar says, like every view, and not where it is', async () => {
    workspace();
    await screen.findByRole('main', { name: 'Administration' });
    expect(screen.getByTestId('watermark').dataset.label).toContain('adm.ada');
    expect(screen.getByRole('contentinfo', { name: 'Status' }).textContent).toContain('watermarked');
    cleanup();
    for (const who of ['agent.ana', 'sup.sara'] as const) {
      render(<App agent={createFakeAgent({ signedInAs: who }).agent} />);
      await screen.findByRole('button', { name: 'Sign out' });
      expect(screen.getByTestId('watermark').dataset.label).toContain(who);
      cleanup();
    }
    const fake = createFakeAgent({ signedInAs: 'adm.ada', handlers: adminHandlers(fakeDirectory()) });
    fake.appStatus = { ...fake.appStatus, captureProtection: 'protected' };
    render(<App agent={fake.agent} />);
    await screen.findByRole('main', { name: 'Administration' });
    await screen.findByText('Screen capture blocked');
    expect(screen.queryByTestId('watermark')).toBeNull();
  });

  it('a supervisor who is also an admin switches between the workspaces', async () => {
    const { user } = workspace(fakeDirectory(), 'ops.omar');
    await screen.findByRole('heading', { name: 'Supervision' });
    await user.click(screen.getByRole('button', { name: 'Administration' }));
    expect(await people()).toBeTruthy();
  });
});

describe('People', () => {
  it('validates the form, requires a reason, shows the one-time password once and lists the account', async () => {
    const { user, fake } = workspace();
    await people();
    const opener = screen.getByRole('button', { name: 'New account' });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'New account' });
    await user.click(within(dialog).getByRole('button', { name: 'Create account' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/Reason/);
    await user.type(within(dialog).getByLabelText('Reason'), 'Ticket HR-42: joined');
    await user.click(within(dialog).getByRole('button', { name: 'Create account' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/Username/);
    await user.type(within(dialog).getByLabelText('Username'), 'agent.kim');
    await user.type(within(dialog).getByLabelText('Display name'), 'Kim Agent');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Agent' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create account' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/role/);
    expect(fake.calls.filter((c) => c.channel === 'admin.createUser')).toHaveLength(0);
    await user.click(within(dialog).getByRole('checkbox', { name: 'Supervisor' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create account' }));

    expect((await screen.findByTestId('one-time-password')).textContent).toBe(FAKE_ONE_TIME_PASSWORD);
    expect(fake.calls.find((c) => c.channel === 'admin.createUser')?.request).toEqual({ username: 'agent.kim', displayName: 'Kim Agent', roles: ['supervisor'], reason: 'Ticket HR-42: joined' });
    expect(storageHolds(FAKE_ONE_TIME_PASSWORD)).toBe(false);
    await user.click(screen.getByRole('button', { name: 'I have handed it over' }));
    expect(document.body.innerHTML).not.toContain(FAKE_ONE_TIME_PASSWORD);
    expect(await within(await people()).findByText('agent.kim')).toBeTruthy();
  });

  it('a row action needs a reason, refreshes the list, and a refusal shows in place', async () => {
    const dir = fakeDirectory();
    const { user } = workspace(dir);
    await user.click(await screen.findByRole('button', { name: 'Disable agent.kai' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Reason'), 'no');
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }));
    expect(within(dialog).getByRole('alert')).toBeTruthy();
    dir.failing.add('admin.disableUser');
    await user.type(within(dialog).getByLabelText('Reason'), 't: left the company');
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/refused admin.disableUser/);
    dir.failing.clear();
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }));
    expect(await screen.findByRole('button', { name: 'Enable agent.kai' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a list that cannot load says so in place', async () => {
    const dir = fakeDirectory();
    dir.failing.add('admin.users');
    workspace(dir);
    expect((await screen.findByRole('alert')).textContent).toMatch(/refused admin.users/);
  });

  it('keyboard: Enter submits, Escape closes and focus returns to the invoking button', async () => {
    const { user, fake } = workspace();
    const opener = await screen.findByRole('button', { name: 'Unlock agent.lia' });
    opener.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Reason'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    await user.keyboard('{Enter}');
    await user.keyboard('Ticket IT-9: verified by phone{Enter}');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Unlock agent.lia' })).toBeNull());
    expect(fake.calls.find((c) => c.channel === 'admin.unlockUser')?.request).toEqual({ userId: 'u-agent-lia', reason: 'Ticket IT-9: verified by phone' });
  });

  it('Alt+1..4 switch the tabs', async () => {
    const { user } = workspace();
    await people();
    await user.keyboard('{Alt>}2{/Alt}');
    expect(await screen.findByRole('table', { name: 'Devices' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Devices' }).getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Alt>}3{/Alt}');
    expect(await screen.findByRole('table', { name: 'Access review' })).toBeTruthy();
    await user.keyboard('{Alt>}4{/Alt}');
    expect(await screen.findByRole('button', { name: 'Unlock agent.lia' })).toBeTruthy();
    await user.keyboard('{Alt>}1{/Alt}');
    expect(await people()).toBeTruthy();
  });
});

describe('Devices', () => {
  it('revokes with a reason and refreshes; the enrolment secret is shown once', async () => {
    const { user, fake } = workspace();
    await user.click(await screen.findByRole('tab', { name: 'Devices' }));
    const table = await screen.findByRole('table', { name: 'Devices' });
    expect(within(table).getByText('desk-kai-0001').closest('tr')?.textContent).toContain('agent.kai');
    await user.click(screen.getByRole('button', { name: 'Revoke desk-kai-0001' }));
    await user.click(screen.getByRole('button', { name: 'Revoke device' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Reason/);
    await user.type(screen.getByLabelText('Reason'), 'Laptop stolen, ticket SEC-3');
    await user.click(screen.getByRole('button', { name: 'Revoke device' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Revoke desk-kai-0001' })).toBeNull());
    expect(within(table).getByText('desk-kai-0001').closest('tr')?.textContent).toContain('Revoked');

    await user.click(screen.getByRole('button', { name: 'Issue policy token' }));
    await user.type(screen.getByLabelText('Reason'), 'MDM rollout wave 2');
    await user.click(screen.getByRole('button', { name: 'Issue' }));
    expect((await screen.findByTestId('enrolment-secret')).textContent).toBe(FAKE_ENROLMENT_SECRET);
    expect(fake.calls.find((c) => c.channel === 'admin.issueEnrolment')?.request).toEqual({ kind: 'policy_token', reason: 'MDM rollout wave 2' });
    await user.click(screen.getByRole('button', { name: 'I have handed it over' }));
    expect(document.body.innerHTML).not.toContain(FAKE_ENROLMENT_SECRET);
    expect(storageHolds(FAKE_ENROLMENT_SECRET)).toBe(false);
  });
});

describe('Access review', () => {
  it('lists changes, exports CSV, and a sign-off needs a note and shows who signed', async () => {
    const { user, fake } = workspace();
    await user.click(await screen.findByRole('tab', { name: 'Access review' }));
    const table = await screen.findByRole('table', { name: 'Access review' });
    expect(within(table).getByText('agent.kai').closest('tr')?.textContent).toContain('Ticket HR-7');
    URL.createObjectURL = () => 'blob:review';
    URL.revokeObjectURL = () => undefined;
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(fake.calls.some((c) => c.channel === 'admin.accessReview' && (c.request as { format: string }).format === 'csv')).toBe(true));
    await user.click(screen.getByRole('button', { name: 'Sign off' }));
    await user.click(screen.getByRole('button', { name: 'Sign off review' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Note/);
    await user.type(screen.getByLabelText('Note'), 'Quarterly review Q4, all roles justified');
    await user.click(screen.getByRole('button', { name: 'Sign off review' }));
    expect(await screen.findByText(/^Last signed off .* by adm\.ada$/)).toBeTruthy();
  });
});

describe('Alerts', () => {
  it('unlocks from an account_locked alert and acknowledges with a note', async () => {
    const { user, dir } = workspace();
    await user.click(await screen.findByRole('tab', { name: 'Alerts' }));
    expect(await screen.findByRole('button', { name: 'Unlock agent.lia' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Acknowledge' })).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Unlock agent.lia' }));
    await user.type(screen.getByLabelText('Reason'), 'Verified by phone');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(dir.users.find((u) => u.username === 'agent.lia')?.lockedUntil).toBeNull());
    dir.failing.add('admin.ackAlert');
    await user.click(nthButton('Acknowledge', 0));
    await user.type(screen.getByLabelText('Note'), 'Called the agent');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Acknowledge' }));
    expect((await within(screen.getByRole('dialog')).findByRole('alert')).textContent).toMatch(/refused admin.ackAlert/);
  });
});
