// @vitest-environment jsdom
// The open customer kept current: the view tells main which customer and
// revision it shows (customers.follow), and when main pushes customer.updated it
// swaps the data in place, marks the parcel that changed and says when, while a
// half-typed note and an opened tracking history stay as the agent left them. A
// refresh main could not make says why and offers a reload; closing the
// customer stops the following.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent, fakeCustomer, fakeParcelScan } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

async function openCustomer() {
  const fake = createFakeAgent({ signedInAs: 'agent.ana', customer: fakeCustomer() });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await user.type(await screen.findByLabelText('Customer ID'), 'CUS-000001{Enter}');
  await screen.findByRole('heading', { name: 'Orders and parcels' });
  return { fake, user };
}

describe('the open customer, refreshed by main', () => {
  it('follows the customer it shows, at the revision it shows', async () => {
    const { fake } = await openCustomer();
    expect(fake.calls.filter((c) => c.channel === 'customers.follow').map((c) => c.request)).toEqual([{ customerId: 'CUS-000001', revision: 'fake-revision-00000001' }]);
  });

  it('shows a pushed update in place, marks the changed parcel, and keeps the agent’s note and open history', async () => {
    const { fake, user } = await openCustomer();
    const parcels = screen.getByRole('heading', { name: 'Orders and parcels' }).closest('section');
    if (parcels === null) throw new Error('no parcels section');
    await user.type(screen.getByLabelText('New note'), 'Caller asks about the parcel');
    const [history] = within(parcels).getAllByText('Items and tracking history');
    if (history === undefined) throw new Error('no history');
    await user.click(history);
    const opened = history.closest('details');
    expect(opened?.open).toBe(true);
    expect(within(parcels).queryByText('Updated')).toBeNull();

    await waitFor(() => expect(fake.listens('customer.updated')).toBe(true));
    act(() => fake.emit('customer.updated', { status: 'updated', detail: fakeParcelScan(fake.customer) }));

    expect(await within(parcels).findByText('Out for delivery today')).toBeTruthy();
    const marked = within(parcels).getAllByText('Updated');
    expect(marked).toHaveLength(1);
    expect(marked[0]?.closest('.parcel-line')?.textContent).toContain('Depot 3, Utrecht');
    expect(screen.getByText(/1 marked item changed/).closest('[role="status"]')).not.toBeNull();
    expect(screen.getByLabelText<HTMLTextAreaElement>('New note').value).toBe('Caller asks about the parcel');
    expect(history.closest('details')).toBe(opened);
    expect(opened?.open).toBe(true);
  });

  it('ignores an update of another customer, and says why a refresh could not be shown', async () => {
    const { fake } = await openCustomer();
    const other = fakeParcelScan(fakeCustomer({ customerId: 'CUS-000007' }));
    await waitFor(() => expect(fake.listens('customer.updated')).toBe(true));
    act(() => fake.emit('customer.updated', { status: 'updated', detail: other }));
    expect(screen.queryByText('Out for delivery today')).toBeNull();

    act(() => fake.emit('customer.updated', { status: 'unavailable', customerId: 'CUS-000001', error: { code: 'rate_limited', message: 'You have reached the limit of customer record reads.' } }));
    const alert = await screen.findByText(/could not show the change: You have reached the limit/);
    expect(within(alert).getByRole('button', { name: 'Reload' })).toBeTruthy();
  });

  it('stops following when the agent opens another customer', async () => {
    const { fake, user } = await openCustomer();
    fake.customer = fakeCustomer({ customerId: 'CUS-000007' });
    await user.clear(screen.getByLabelText('Customer ID'));
    await user.type(screen.getByLabelText('Customer ID'), 'CUS-000007{Enter}');
    await expect.poll(() => fake.calls.filter((c) => c.channel === 'customers.follow').length).toBe(2);
    expect(fake.calls.filter((c) => c.channel === 'customers.unfollow').map((c) => c.request)).toEqual([{ customerId: 'CUS-000001' }]);
  });
});
