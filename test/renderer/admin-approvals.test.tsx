// @vitest-environment jsdom
// The Administration workspace's four-eyes and enrolment parts against the
// in-memory window.agent (contract checks included): an admin-making change is
// sent for a second admin's approval instead of made; a request is approved or
// rejected with a reason, a new account's one-time password shown once; the
// enrolment grants are listed (never a secret) and a usable one revoked.
import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { adminHandlers, fakeDirectory, FAKE_ONE_TIME_PASSWORD, type FakeDirectory } from '../harness/desk/fake-admin.ts';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

function workspace(dir: FakeDirectory = fakeDirectory()) {
  const fake = createFakeAgent({ signedInAs: 'adm.ada', handlers: adminHandlers(dir) });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  return { fake, user, dir };
}
const openTab = async (user: ReturnType<typeof userEvent.setup>, name: string) => user.click(await screen.findByRole('tab', { name }));

describe('four eyes on the desk', () => {
  it('sends a new admin account for approval instead of creating it, and lists the request', async () => {
    const { user, fake } = workspace();
    await user.click(await screen.findByRole('button', { name: 'New account' }));
    const dialog = screen.getByRole('dialog', { name: 'New account' });
    await user.type(within(dialog).getByLabelText('Username'), 'adm.zoe');
    await user.type(within(dialog).getByLabelText('Display name'), 'Zoe Admin');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Agent' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Admin' }));
    await user.type(within(dialog).getByLabelText('Reason'), 'Ticket HR-50: second admin');
    await user.click(within(dialog).getByRole('button', { name: 'Create account' }));

    expect((await screen.findByRole('status')).textContent).toMatch(/Sent for approval.*adm\.zoe/);
    expect(fake.calls.filter((c) => c.channel === 'admin.createUser')).toHaveLength(0);
    expect(fake.calls.find((c) => c.channel === 'admin.requestApproval')?.request).toEqual({ kind: 'create', username: 'adm.zoe', displayName: 'Zoe Admin', roles: ['admin'], reason: 'Ticket HR-50: second admin' });
    expect(screen.queryByTestId('one-time-password')).toBeNull();
    await openTab(user, 'Approvals');
    const table = await screen.findByRole('table', { name: 'Approval requests' });
    expect(await within(table).findByText('adm.zoe')).toBeTruthy();
  });

  it('sends giving an admin an agent role for approval, and changes other roles at once', async () => {
    const { user, fake } = workspace();
    await user.click(await screen.findByRole('button', { name: 'Change roles for adm.ada' }));
    let dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Agent' }));
    await user.type(within(dialog).getByLabelText('Reason'), 'Ticket HR-51: covers the phones');
    await user.click(within(dialog).getByRole('button', { name: 'Change roles' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/adm\.ada/);
    expect(fake.calls.find((c) => c.channel === 'admin.requestApproval')?.request).toEqual({ kind: 'roles', userId: 'u-adm-ada', roles: ['admin', 'agent'], reason: 'Ticket HR-51: covers the phones' });
    expect(fake.calls.filter((c) => c.channel === 'admin.setRoles')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Change roles for agent.kai' }));
    dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Supervisor' }));
    await user.type(within(dialog).getByLabelText('Reason'), 'Ticket HR-52: team lead');
    await user.click(within(dialog).getByRole('button', { name: 'Change roles' }));
    await screen.findByRole('table', { name: 'Accounts' });
    expect(fake.calls.find((c) => c.channel === 'admin.setRoles')?.request).toEqual({ userId: 'u-agent-kai', roles: ['agent', 'supervisor'], reason: 'Ticket HR-52: team lead' });
  });

  it("approves another admin's request with a reason and shows the new account's one-time password once", async () => {
    const { user, fake, dir } = workspace();
    await openTab(user, 'Approvals');
    await user.click(await screen.findByRole('button', { name: 'Approve adm.new' }));
    const dialog = screen.getByRole('dialog', { name: 'Approve adm.new' });
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/Reason/);
    expect(fake.calls.filter((c) => c.channel === 'admin.approve')).toHaveLength(0);
    dir.failing.add('admin.approve');
    await user.type(within(dialog).getByLabelText('Reason'), 'Checked with HR');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/refused admin.approve/);
    dir.failing.clear();
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));

    expect((await screen.findByTestId('one-time-password')).textContent).toBe(FAKE_ONE_TIME_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'I have handed it over' }));
    expect(document.body.innerHTML).not.toContain(FAKE_ONE_TIME_PASSWORD);
    const table = screen.getByRole('table', { name: 'Approval requests' });
    expect(await within(table).findByText('Approved')).toBeTruthy();
    expect(within(table).queryByRole('button', { name: 'Approve adm.new' })).toBeNull();
  });

  it('rejects a request with a reason', async () => {
    const { user, fake } = workspace();
    await openTab(user, 'Approvals');
    await user.click(await screen.findByRole('button', { name: 'Reject adm.new' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject adm.new' });
    await user.type(within(dialog).getByLabelText('Reason'), 'Nobody asked HR');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(await within(screen.getByRole('table', { name: 'Approval requests' })).findByText('Rejected')).toBeTruthy();
    expect(fake.calls.find((c) => c.channel === 'admin.rejectApproval')?.request).toEqual({ approvalId: 'ap-0000000a-0000-4000-8000-000000000001', reason: 'Nobody asked HR' });
  });
});

describe('enrolment grants on the desk', () => {
  it('lists codes and tokens with whom a code is for, and revokes a usable one with a reason', async () => {
    const { user, fake } = workspace();
    await openTab(user, 'Enrolment');
    const table = await screen.findByRole('table', { name: 'Enrolment grants' });
    expect(await within(table).findByText('agent.kai')).toBeTruthy();
    expect(within(table).getByText('Any account')).toBeTruthy();
    // The revoked token has nothing left to revoke.
    expect(within(table).getAllByRole('button', { name: /^Revoke/ })).toHaveLength(1);
    await user.click(within(table).getByRole('button', { name: 'Revoke code grant-kai-0001' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Reason'), 'Kai left before day one');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke grant' }));
    await within(table).findAllByText('Revoked');
    expect(within(table).queryAllByRole('button', { name: /^Revoke/ })).toHaveLength(0);
    expect(fake.calls.find((c) => c.channel === 'admin.revokeEnrolment')?.request).toEqual({ grantId: 'grant-kai-0001', reason: 'Kai left before day one' });
  });

  it('a list that cannot load says so in place', async () => {
    const dir = fakeDirectory();
    dir.failing.add('admin.enrolmentGrants');
    const { user } = workspace(dir);
    await openTab(user, 'Enrolment');
    expect((await screen.findByRole('alert')).textContent).toMatch(/refused admin.enrolmentGrants/);
  });
});
