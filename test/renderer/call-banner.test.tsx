// @vitest-environment jsdom
// The call banner on the agent's desk: what main pushes as call.current, with
// the matched customers masked; a customer opens only once the caller's
// customer ID or order number finds that customer, and a new call clears it.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent, FAKE_CALL, fakeCustomer } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

async function deskWithCall() {
  const fake = createFakeAgent({ signedInAs: 'agent.ana', customer: fakeCustomer() });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await screen.findByRole('heading', { name: 'Find a customer' });
  await waitFor(() => expect(fake.listens('call.current')).toBe(true));
  act(() => fake.emit('call.current', FAKE_CALL));
  const banner = (await screen.findByRole('heading', { name: /Call ringing/ })).closest('section');
  if (banner === null) throw new Error('no banner');
  return { fake, user, banner };
}

describe('call banner', () => {
  it('shows the caller masked and the matched customers masked, and opens nothing on the number alone', async () => {
    const { banner } = await deskWithCall();
    const inBanner = within(banner);
    expect(inBanner.getByText('••• 0958')).toBeTruthy();
    expect(inBanner.getByText('G••• B•••')).toBeTruthy();
    expect(inBanner.queryByText(/CUS-000001/)).toBeNull();
    expect(screen.queryByText('Grace Berg')).toBeNull();
    expect(screen.getByText('Open a result to see the customer.')).toBeTruthy();
  });

  it('opens the customer once the caller’s customer ID finds them, and refuses one that does not match', async () => {
    const { fake, user, banner } = await deskWithCall();
    const [first, second] = within(banner).getAllByRole('button', { name: 'Confirm and open' });
    if (first === undefined || second === undefined) throw new Error('expected two matches');
    await user.click(second);
    await user.type(within(banner).getByLabelText(/Ask the caller/), 'CUS-000001{Enter}');
    expect((await within(banner).findByRole('alert')).textContent).toContain('does not match');
    expect(screen.queryByRole('heading', { name: /Grace Berg/ })).toBeNull();

    await user.click(first);
    const field = within(banner).getByLabelText(/Ask the caller/);
    await user.clear(field);
    await user.type(field, '1{Enter}');
    expect(await screen.findByRole('heading', { name: /Grace Berg/ })).toBeTruthy();
    expect(fake.calls.filter((c) => c.channel === 'customers.lookup').map((c) => c.request)).toEqual([
      { by: 'customerId', value: 'CUS-000001' },
      { by: 'customerId', value: 'CUS-000001' },
    ]);
  });

  it('sends a card number to the card search instead, and goes away when main says there is no call', async () => {
    const { fake, user, banner } = await deskWithCall();
    const [firstMatch] = within(banner).getAllByRole('button', { name: 'Confirm and open' });
    if (firstMatch === undefined) throw new Error('expected a match');
    await user.click(firstMatch);
    const testCard = ['4111', '1111', '1111', '1111'].join('');
    await user.type(within(banner).getByLabelText(/Ask the caller/), `${testCard}{Enter}`);
    expect((await within(banner).findByRole('alert')).textContent).toContain('card search');
    expect(within(banner).getByLabelText<HTMLInputElement>(/Ask the caller/).value).toBe('');
    expect(fake.calls.filter((c) => c.channel === 'customers.lookup')).toEqual([]);
    act(() => fake.emit('call.current', { call: null }));
    expect(screen.queryByRole('heading', { name: /Call / })).toBeNull();
  });
});
