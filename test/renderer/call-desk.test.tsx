// @vitest-environment jsdom
// The agent on a live call (issue 14), against the in-memory window.agent built
// from the contract: the lock screen for MFA accounts, the countdown from main's
// idle clock, the one search box, parcels, charges, layout facts, notes and
// extensions.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent, FAKE_OTP, FAKE_PASSWORD, fakeCustomer } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

async function signedInDesk(signedInAs: 'agent.ana' | 'agent.ben' = 'agent.ana') {
  const fake = createFakeAgent({ signedInAs, customer: fakeCustomer() });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await screen.findByRole('heading', { name: 'Find a customer' });
  return { fake, user };
}

async function openGrace(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Customer ID'), 'CUS-000001{Enter}');
  await screen.findByRole('heading', { name: /Grace Berg/ });
}

const lookups = (fake: ReturnType<typeof createFakeAgent>) => fake.calls.filter((c) => c.channel === 'customers.lookup').map((c) => c.request);
const searchBox = () => screen.getByRole('textbox', { name: /Customer ID|Order \/ transaction|Card number/ });
/** Resolves after the next animation frame, by when any focus change deferred to a frame has run. */
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

describe('lock screen', () => {
  it('asks an MFA account for its one-time code and unlocks with it, keeping the session', async () => {
    const { fake, user } = await signedInDesk('agent.ben');
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await screen.findByRole('heading', { name: 'Desk locked' });
    // Policy does not require a code (otpRequired false), the account does.
    const code = screen.getByLabelText<HTMLInputElement>('One-time code');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    await user.type(screen.getByLabelText('Password'), FAKE_PASSWORD);
    await user.type(code, FAKE_OTP);
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByRole('heading', { name: 'Find a customer' })).toBeTruthy();
    expect(fake.calls.find((c) => c.channel === 'session.unlock')?.request).toEqual({ password: FAKE_PASSWORD, otp: FAKE_OTP });
  });

  it('keeps the call across a lock for the same user: the search and the open customer, read again; another user starts clean', async () => {
    const { fake, user } = await signedInDesk('agent.ben');
    await openGrace(user);
    const reads = () => fake.calls.filter((c) => c.channel === 'customers.get').length;
    const readsBefore = reads();
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await screen.findByRole('heading', { name: 'Desk locked' });
    // Locked: nothing of the customer is on screen.
    expect(screen.queryByText(/Grace Berg/)).toBeNull();
    await user.type(screen.getByLabelText('Password'), FAKE_PASSWORD);
    await user.type(screen.getByLabelText('One-time code'), `${FAKE_OTP}{Enter}`);
    expect(await screen.findByRole('heading', { name: /Grace Berg/ })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Customer ID').value).toBe('CUS-000001');
    // Read again, not kept: the fresh read is what main and the gateway audit.
    expect(reads()).toBeGreaterThan(readsBefore);

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.type(await screen.findByLabelText('Username'), 'agent.ana');
    await user.type(screen.getByLabelText('Password'), `${FAKE_PASSWORD}{Enter}`);
    await screen.findByRole('heading', { name: 'Find a customer' });
    expect(screen.queryByText(/Grace Berg/)).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Customer ID').value).toBe('');
  });

  it('shows no code field for an account without MFA', async () => {
    const { user } = await signedInDesk('agent.ana');
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await screen.findByRole('heading', { name: 'Desk locked' });
    expect(screen.queryByLabelText('One-time code')).toBeNull();
  });
});

describe('idle countdown', () => {
  it('shows only what main pushes, and nothing of its own', async () => {
    const { fake } = await signedInDesk();
    expect(screen.queryByRole('timer')).toBeNull();
    // The heading can paint before the effect that subscribes has run: an event emitted then would reach no one.
    await waitFor(() => expect(fake.listens('idle.countdown')).toBe(true));
    act(() => fake.emit('idle.countdown', { secondsLeft: 600 }));
    expect(screen.queryByRole('timer')).toBeNull();
    act(() => fake.emit('idle.countdown', { secondsLeft: 42 }));
    expect(screen.getByRole('timer').textContent).toBe('Locks in 42 s');
    act(() => fake.emit('idle.countdown', { secondsLeft: 900 }));
    expect(screen.queryByRole('timer')).toBeNull();
  });
});

describe('the one search box', () => {
  it('reads 42 as CUS-000042, ignores case, and keeps CUS-/ORD-/TXN- prefixes whatever the mode', async () => {
    const { fake, user } = await signedInDesk();
    await user.type(searchBox(), '42{Enter}');
    await screen.findByRole('heading', { name: 'No customer found' });
    await user.clear(searchBox());
    await user.type(searchBox(), 'cus-000001{Enter}');
    await screen.findByRole('heading', { name: /Grace Berg/ });
    await user.clear(searchBox());
    await user.type(searchBox(), 'txn-0000011456{Enter}');
    await waitFor(() => expect(lookups(fake)).toHaveLength(3));
    expect(lookups(fake)).toEqual([
      { by: 'customerId', value: 'CUS-000042' },
      { by: 'customerId', value: 'CUS-000001' },
      { by: 'order', value: 'TXN-0000011456' },
    ]);
    // The mode follows the prefix it recognised.
    expect(screen.getByRole('button', { name: 'Order / transaction' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('never closes the open customer on an empty, invalid, failed or fruitless search', async () => {
    const { fake, user } = await signedInDesk();
    await openGrace(user);
    await user.clear(searchBox());
    await user.keyboard('{Enter}');
    expect(screen.getByRole('alert').textContent).toMatch(/Type a customer ID/);
    await user.type(searchBox(), 'hello{Enter}');
    expect(screen.getByRole('alert').textContent).toMatch(/CUS-000042 or 42/);
    await user.clear(searchBox());
    await user.type(searchBox(), 'CUS-999999{Enter}');
    await screen.findByRole('heading', { name: 'No customer found' });
    fake.lookupsFail = true;
    await user.clear(searchBox());
    await user.type(searchBox(), 'CUS-000002{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/cannot be reached/);
    expect(screen.getByRole('heading', { name: /Grace Berg/ })).toBeTruthy();
    expect(fake.calls.filter((c) => c.channel === 'customers.get')).toHaveLength(1);
  });

  it('switches mode with Alt+1/2/3 by key position (event.code), selecting the text; / and Ctrl+K focus the box', async () => {
    const { user } = await signedInDesk();
    await user.type(searchBox(), 'CUS-000001');
    await user.keyboard('{Alt>}2{/Alt}');
    const box = await screen.findByLabelText<HTMLInputElement>('Order / transaction');
    expect(box.value).toBe('CUS-000001');
    // The focus moves and the text is selected after the next frame.
    await waitFor(() => expect([document.activeElement?.id, box.selectionStart, box.selectionEnd]).toEqual(['lookup-value', 0, 10]));
    // An AZERTY keyboard sends key "&" with code Digit1 under Alt: still the customer mode.
    fireEvent.keyDown(window, { key: '&', code: 'Digit1', altKey: true });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Customer ID' }).getAttribute('aria-pressed')).toBe('true'));
    await user.keyboard('{Alt>}3{/Alt}');
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Card number').value).toBe(''));
    await user.keyboard('{Alt>}1{/Alt}');
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Customer ID').value).toBe(''));

    await openGrace(user);
    await user.click(screen.getByRole('heading', { name: /Grace Berg/ }));
    expect(document.activeElement?.id).not.toBe('lookup-value');
    await user.keyboard('/');
    expect(document.activeElement?.id).toBe('lookup-value');
    expect(screen.getByLabelText<HTMLInputElement>('Customer ID').value).toBe('CUS-000001');
    await user.click(screen.getByLabelText('New note'));
    await user.keyboard('/');
    expect(screen.getByLabelText<HTMLTextAreaElement>('New note').value).toBe('/');
    await user.keyboard('{Control>}k{/Control}');
    expect(document.activeElement?.id).toBe('lookup-value');
  });

  it('moves through results with the arrow keys', async () => {
    const { fake, user } = await signedInDesk();
    fake.alsoOnCard = [
      { customerId: 'CUS-000006', displayName: 'Omar Rossi', emailMasked: 'o•••@example.com', city: 'Lyon', country: 'FR', memberSince: '2024-01-01', cards: fakeCustomer().customer.cards },
    ];
    await user.keyboard('{Alt>}3{/Alt}');
    await user.type(screen.getByLabelText('Card number'), '4111111111111111{Enter}');
    await screen.findByRole('heading', { name: '2 results' });
    await user.click(screen.getByLabelText('Card number'));
    await user.keyboard('{Alt>}1{/Alt}');
    await waitFor(() => expect(document.activeElement?.id).toBe('lookup-value'));
    // Straight after the mode switch: the result keeps focus, also once the next frame has passed.
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toContain('Grace Berg');
    await act(nextFrame);
    expect(document.activeElement?.textContent).toContain('Grace Berg');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toContain('Omar Rossi');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toContain('Omar Rossi');
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(document.activeElement?.id).toBe('lookup-value');
  });

  it('moves from the card field to the results with ↓, and says when the open customer is not one of them', async () => {
    const { fake, user } = await signedInDesk();
    await openGrace(user);
    const other = fakeCustomer().customer.cards;
    fake.alsoOnCard = [
      { customerId: 'CUS-000006', displayName: 'Omar Rossi', emailMasked: 'o•••@example.com', city: 'Lyon', country: 'FR', memberSince: '2024-01-01', cards: other },
      { customerId: 'CUS-000007', displayName: 'Ines Costa', emailMasked: 'i•••@example.com', city: 'Porto', country: 'PT', memberSince: '2023-05-01', cards: other },
    ];
    fake.cardFindsCustomer = false;
    await user.keyboard('{Alt>}3{/Alt}');
    await user.type(screen.getByLabelText('Card number'), '4111111111111111{Enter}');
    await screen.findByRole('heading', { name: '2 results' });
    expect(screen.getByRole('heading', { name: /Grace Berg/ })).toBeTruthy();
    expect(screen.getByText('CUS-000001 stays open, but it is not one of these results.')).toBeTruthy();
    await user.click(screen.getByLabelText('Card number'));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toContain('Omar Rossi');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByText(/stays open, but it is not one of these results/)).toBeNull());
  });

  it('lists this session\'s customers with masked names, newest first, across a lock, and forgets them at sign-out', async () => {
    const { fake, user } = await signedInDesk();
    await openGrace(user);
    fake.alsoOnCard = [
      { customerId: 'CUS-000006', displayName: 'Omar Rossi', emailMasked: 'o•••@example.com', city: 'Lyon', country: 'FR', memberSince: '2024-01-01', cards: fakeCustomer().customer.cards },
    ];
    await user.keyboard('{Alt>}3{/Alt}');
    await user.type(screen.getByLabelText('Card number'), '4111111111111111{Enter}');
    await screen.findByRole('heading', { name: '2 results' });
    await user.click(screen.getByRole('button', { name: /Omar Rossi/ }));
    const recent = () => within(screen.getByRole('list', { name: 'Recent customers, newest first' })).getAllByRole('button').map((b) => b.textContent);
    await waitFor(() => expect(recent()).toEqual(['Omar R. CUS-000006', 'Grace B. CUS-000001']));
    // Back to Grace from the list: one click, and she is first again.
    await user.click(screen.getByRole('button', { name: 'Grace B. CUS-000001' }));
    await screen.findByRole('heading', { name: /Grace Berg/ });
    expect(recent()).toEqual(['Grace B. CUS-000001', 'Omar R. CUS-000006']);
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await user.type(await screen.findByLabelText('Password'), `${FAKE_PASSWORD}{Enter}`);
    await screen.findByRole('heading', { name: /Grace Berg/ });
    expect(recent()).toEqual(['Grace B. CUS-000001', 'Omar R. CUS-000006']);
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.type(await screen.findByLabelText('Username'), 'agent.ana');
    await user.type(screen.getByLabelText('Password'), `${FAKE_PASSWORD}{Enter}`);
    await screen.findByRole('heading', { name: 'Find a customer' });
    expect(screen.queryByRole('list', { name: 'Recent customers, newest first' })).toBeNull();
  });

  it('shows the keyboard shortcuts on ?, and closes them with Esc', async () => {
    const { user } = await signedInDesk();
    await user.click(screen.getByRole('heading', { name: 'Find a customer' }));
    await user.keyboard('?');
    const sheet = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(sheet).getAllByRole('row').map((r) => r.textContent)).toContain('Alt+3Search by card number (masked as you type)');
    expect(document.activeElement?.textContent).toBe('Close');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
    // Typed into a field, "?" is just a character.
    await user.type(screen.getByLabelText('Customer ID'), '?');
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
  });

  it('refuses a card number that fails Luhn and keeps its digits to correct', async () => {
    const { fake, user } = await signedInDesk();
    await user.keyboard('{Alt>}3{/Alt}');
    const field = screen.getByLabelText<HTMLInputElement>('Card number');
    await user.type(field, '4111111111111112{Enter}');
    expect(field.value).toBe('4111 1111 1111 1112');
    expect(screen.getByRole('button', { name: 'Search' })).toHaveProperty('disabled', true);
    expect(screen.getByText(/fails its check digit/)).toBeTruthy();
    expect(lookups(fake)).toEqual([]);
    await user.type(field, '{Backspace}1{Enter}');
    await screen.findByRole('heading', { name: /Grace Berg/ });
    expect(lookups(fake)).toEqual([{ by: 'card', value: '4111111111111111' }]);
  });

  it('moves a card number typed or pasted into the ID box to the card field, masked', async () => {
    const { fake, user } = await signedInDesk();
    await user.click(searchBox());
    await user.paste('4111 1111 1111 1111');
    const field = await screen.findByLabelText<HTMLInputElement>('Card number');
    expect(field.value).toBe('•••• •••• •••• 1111');
    expect(screen.getByRole('status').textContent).toMatch(/moved to the card field, masked/);
    expect(document.body.textContent).not.toMatch(/4111\s?1111\s?1111\s?1111/);
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: /Grace Berg/ });
    expect(lookups(fake)).toEqual([{ by: 'card', value: '4111111111111111' }]);
    expect(field.value).toBe('');
    // Typed digit by digit in the order box: it moves at the 12th digit and goes on masked.
    await user.keyboard('{Alt>}2{/Alt}');
    await user.type(screen.getByLabelText('Order / transaction'), '555555555555');
    const moved = await screen.findByLabelText<HTMLInputElement>('Card number');
    await user.type(moved, '4444');
    expect(moved.value).toBe('•••• •••• •••• 4444');
    expect(lookups(fake)).toHaveLength(1);
  });
});

describe('where is my parcel', () => {
  it('says each order in one line: status words, latest event with place, ETA flagged late, the exception, the tracking page', async () => {
    const { fake, user } = await signedInDesk();
    await openGrace(user);
    const orders = within(screen.getByRole('region', { name: 'Orders and parcels' }));
    const [stuck, delivered] = orders.getAllByRole('listitem').filter((li) => li.classList.contains('order'));
    if (stuck === undefined || delivered === undefined) throw new Error('two orders expected');
    const line = stuck.querySelector('.parcel-line')?.textContent ?? '';
    expect(line).toContain('Delivery problem');
    expect(line).toContain('DHL hub, Cologne');
    expect(line).toMatch(/ETA 4 okt 2026/);
    expect(within(stuck).getByText('late')).toBeTruthy();
    expect(line).toContain('Address incomplete: flat number missing');
    expect(delivered.querySelector('.parcel-line')?.textContent).toContain('Front door, Amsterdam');
    expect(within(delivered).queryByText('late')).toBeNull();
    // The history lists the latest event first.
    const history = within(stuck).getByRole('list', { name: 'DHL events, latest first' });
    expect(within(history).getAllByRole('listitem').map((li) => li.textContent)[0]).toContain('Delivery problem');
    await user.click(within(stuck).getByRole('button', { name: /Track on DHL/ }));
    await waitFor(() =>
      expect(fake.calls.find((c) => c.channel === 'app.openExternal')?.request).toEqual({ url: 'https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?tracking-id=JD123456789GB' }),
    );
  });

  it('marks and focuses the order an ORD or TXN search named', async () => {
    const { user } = await signedInDesk();
    await user.keyboard('{Alt>}2{/Alt}');
    await user.type(screen.getByLabelText('Order / transaction'), 'txn-0000011456{Enter}');
    await screen.findByRole('heading', { name: /Grace Berg/ });
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.dataset.refs).toContain('TXN-0000011456'));
    const marked = document.querySelectorAll('.order.highlight');
    expect(marked).toHaveLength(1);
    expect(marked[0]?.textContent).toContain('ORD-2026-0000011');
    expect(marked[0]?.getAttribute('aria-current')).toBe('true');
  });
});

describe('was I charged', () => {
  it('lists charges with date and time in the customer zone, and each refund as its own row', async () => {
    const { user } = await signedInDesk();
    await openGrace(user);
    const charges = within(screen.getByRole('region', { name: 'Charges and refunds' }));
    const rows = charges.getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows).toHaveLength(3);
    // Latest first; Amsterdam: nl-NL and Europe/Amsterdam (CEST in October).
    expect(rows[0]).toMatch(/1 okt 2026.*12:01.*CEST/);
    expect(rows[0]).toContain('Charged');
    expect(rows[1]).toMatch(/12 sep 2026.*11:05/);
    expect(rows[1]).toContain('Refund');
    expect(rows[1]).toMatch(/−\s?€\s?54,90/);
    expect(rows[1]).toContain('ARN 740212345678');
    expect(rows[2]).toContain('Charged, partly refunded');
  });

  it('finds a charge by what the caller names (last 4, amount, day, alone or together), says what matched, and says what is wrong in the page', async () => {
    const { user } = await signedInDesk();
    await openGrace(user);
    const charges = within(screen.getByRole('region', { name: 'Charges and refunds' }));
    const find = () => user.click(charges.getByRole('button', { name: 'Find' }));
    const status = () => charges.getByRole('status').textContent;
    await find();
    expect(charges.getByRole('alert').textContent).toBe('Type what the caller names: the card’s last 4, the amount or the day.');
    await user.type(charges.getByLabelText('Card last 4'), '111');
    await find();
    expect(charges.getByRole('alert').textContent).toBe('Type all 4 of the last digits of the card.');
    // Every row is on this card: the summary says so, not "1 of 3".
    await user.type(charges.getByLabelText('Card last 4'), '1');
    await find();
    expect(charges.queryByRole('alert')).toBeNull();
    expect(status()).toBe('3 rows match the card ending 1111.');
    await user.type(charges.getByLabelText('Amount'), '€ 54,90');
    await find();
    expect(status()).toBe('1 row matches the card ending 1111 and the amount € 54,90.');
    expect(charges.getAllByRole('row').slice(1).map((r) => r.textContent)[0]).toContain('Refund');
    // An amount alone, or a day alone, is enough.
    await user.clear(charges.getByLabelText('Card last 4'));
    await find();
    expect(status()).toBe('1 row matches the amount € 54,90.');
    await user.clear(charges.getByLabelText('Amount'));
    await user.type(charges.getByLabelText('Day'), '2026-10-01');
    await find();
    expect(status()).toMatch(/^1 row matches the day 1 okt\.? 2026\.$/);
    await user.type(charges.getByLabelText('Card last 4'), '4444');
    await find();
    expect(status()).toMatch(/^Nothing matches the card ending 4444 and the day 1 okt\.? 2026\.$/);
    // "Show all" clears an error along with the search.
    await user.type(charges.getByLabelText('Amount'), 'lots');
    await find();
    expect(charges.getByRole('alert').textContent).toBe('Type the amount as the caller says it, e.g. 249.00.');
    await user.click(charges.getByRole('button', { name: 'Show all' }));
    expect(charges.queryByRole('alert')).toBeNull();
    expect(charges.queryByRole('status')).toBeNull();
    expect(charges.getAllByRole('row').slice(1)).toHaveLength(3);
  });
});

describe('layout facts', () => {
  it('has a summary strip, the profile as a definition list, notes beside it, dates in the customer locale', async () => {
    const { user } = await signedInDesk();
    await openGrace(user);
    const strip = screen.getByLabelText('Summary');
    expect(strip.tagName).toBe('DL');
    expect(strip.textContent).toMatch(/Open orders1/);
    expect(strip.textContent).toMatch(/Last charge€\s?249,00 · 1 okt 2026/);
    expect(strip.textContent).toMatch(/Active subscriptions1/);
    expect(strip.textContent).toMatch(/Last noteNone/);
    expect(document.querySelector('.customer-header')?.contains(screen.getByRole('heading', { name: /Grace Berg/ }))).toBe(true);
    const top = document.querySelector('.customer-top');
    expect([...(top?.children ?? [])].map((c) => c.getAttribute('aria-labelledby'))).toEqual(['profile-title', 'notes-title']);
    expect(document.querySelector('dl.facts')?.textContent).toContain('20 feb 2022');
    expect(document.querySelector('.rail')?.contains(screen.getByLabelText('Customer ID'))).toBe(true);
  });
});

describe('notes and extensions', () => {
  it('masks a pasted card number in the note at once and saves the masked text', async () => {
    const { fake, user } = await signedInDesk();
    await openGrace(user);
    const notes = within(screen.getByRole('region', { name: 'Notes and history' }));
    await user.click(notes.getByLabelText('New note'));
    await user.paste('Caller read 5555 5555 5555 4444 by mistake');
    expect(notes.getByLabelText<HTMLTextAreaElement>('New note').value).toBe('Caller read [card ••••4444] by mistake');
    expect(notes.getByRole('status').textContent).toMatch(/card number was masked/);
    await user.click(notes.getByRole('button', { name: 'Save note' }));
    await waitFor(() => expect(fake.calls.find((c) => c.channel === 'notes.add')?.request).toEqual({ customerId: 'CUS-000001', text: 'Caller read [card ••••4444] by mistake' }));
    expect(document.body.textContent).not.toMatch(/5555\s?5555\s?5555\s?4444/);
  });

  it('says in the page, not in a browser tooltip, that an empty note cannot be saved', async () => {
    const { fake, user } = await signedInDesk();
    await openGrace(user);
    const notes = within(screen.getByRole('region', { name: 'Notes and history' }));
    await user.click(notes.getByRole('button', { name: 'Save note' }));
    expect(notes.getByRole('alert').textContent).toMatch(/at least 1 character/);
    expect(document.querySelectorAll('[required]')).toHaveLength(0);
    expect(fake.calls.some((c) => c.channel === 'notes.add')).toBe(false);
  });

  it('shows the new expiry in the confirm step, checks the reason in the page, and extends', async () => {
    const { fake, user } = await signedInDesk();
    await openGrace(user);
    await user.click(screen.getByRole('button', { name: 'Extend Cloud Backup Plus' }));
    await user.type(screen.getByLabelText('Reason (required)'), 'Too short');
    await user.click(screen.getByRole('button', { name: 'Extend' }));
    expect(screen.getByRole('alert').textContent).toMatch(/at least 10 characters/);
    await user.clear(screen.getByLabelText('Reason (required)'));
    await user.type(screen.getByLabelText('Reason (required)'), 'Goodwill for a late parcel');
    await user.selectOptions(screen.getByLabelText(/Extend Cloud Backup Plus by/), '90');
    await user.click(screen.getByRole('button', { name: 'Extend' }));
    // 1 Jan 2027 + 90 days, in the customer's locale (nl-NL).
    expect(screen.getByText(/new expiry/).textContent).toMatch(/Extend Cloud Backup Plus by 90 days: new expiry 1 apr 2027/);
    expect(fake.calls.some((c) => c.channel === 'subscriptions.extend')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(fake.calls.find((c) => c.channel === 'subscriptions.extend')?.request).toEqual({ customerId: 'CUS-000001', subscriptionId: 'SUB-000001-1', days: 90, reason: 'Goodwill for a late parcel' }));
    expect((await screen.findByText(/^Extended Cloud Backup Plus to 1 apr 2027/)).textContent).toContain("customer's history");
  });
});
