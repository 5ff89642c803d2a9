// @vitest-environment jsdom
// The agent's end-of-contact step (issue 24): with the gateway's policy
// requiring it, ending a contact asks for a wrap-up code, and the contact stays
// open until the gateway stored one; a card number typed into the wrap-up note
// is masked at once; a code retired meanwhile is refused in place; without the
// policy the contact ends at once. Note templates start a note.
import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';
import { fakeWrapup } from '../harness/desk/fake-wrapup.ts';
import { testPan } from '../harness/records/source-records.ts';

afterEach(cleanup);

async function openGrace(required: boolean) {
  const wrapup = fakeWrapup({ required });
  const fake = createFakeAgent({ signedInAs: 'agent.ana', handlers: wrapup.handlers });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await user.type(await screen.findByLabelText('Customer ID'), 'CUS-000001{Enter}');
  await screen.findByRole('heading', { name: /Grace Berg/ });
  return { fake, user, wrapup };
}

describe('the end-of-contact step', () => {
  it('asks for a code, keeps the contact open without one, and ends it once the gateway stored it', async () => {
    const { user, wrapup } = await openGrace(true);
    await user.click(screen.getByRole('button', { name: 'End contact' }));
    await user.click(await screen.findByRole('button', { name: 'Wrap up and end contact' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose a wrap-up code to end the contact');
    expect(wrapup.recorded).toEqual([]);
    expect(screen.getByRole('heading', { name: /Grace Berg/ })).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Wrap-up code (required)'), 'RESOLVED');
    await user.type(screen.getByLabelText('Wrap-up note (optional)'), 'Parcel re-sent');
    await user.click(screen.getByRole('button', { name: 'Wrap up and end contact' }));
    expect(await screen.findByText('Open a result to see the customer.')).toBeTruthy();
    expect(wrapup.recorded).toEqual([{ customerId: 'CUS-000001', code: 'RESOLVED', note: 'Parcel re-sent' }]);
  });

  it('masks a card number typed into the wrap-up note, so only its last 4 digits are sent', async () => {
    const { user, wrapup } = await openGrace(true);
    const pan = testPan();
    await user.click(screen.getByRole('button', { name: 'End contact' }));
    await user.selectOptions(await screen.findByLabelText('Wrap-up code (required)'), 'CALLBACK');
    await user.type(screen.getByLabelText('Wrap-up note (optional)'), `Paid with ${pan}`);
    expect(await screen.findByText('A card number was masked in the note: only its last 4 digits stay.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLTextAreaElement>('Wrap-up note (optional)').value).not.toContain(pan);
    await user.click(screen.getByRole('button', { name: 'Wrap up and end contact' }));
    await screen.findByText('Open a result to see the customer.');
    expect(wrapup.recorded[0]?.note).toContain(pan.slice(-4));
    expect(JSON.stringify(wrapup.recorded)).not.toContain(pan.slice(0, 12));
  });

  it('shows a code retired meanwhile as refused, and the contact stays open', async () => {
    const { user, wrapup } = await openGrace(true);
    await user.click(screen.getByRole('button', { name: 'End contact' }));
    await user.selectOptions(await screen.findByLabelText('Wrap-up code (required)'), 'CALLBACK');
    const callback = wrapup.codes.find((c) => c.code === 'CALLBACK');
    if (callback === undefined) throw new Error('no CALLBACK');
    wrapup.codes[wrapup.codes.indexOf(callback)] = { ...callback, retiredAt: '2026-12-01T10:00:00.000Z' };
    await user.click(screen.getByRole('button', { name: 'Wrap up and end contact' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrap-up code CALLBACK is retired; choose a code in force');
    expect(screen.getByRole('heading', { name: /Grace Berg/ })).toBeTruthy();
    expect(wrapup.recorded).toEqual([]);
  });

  it('offers the note templates when writing a note; the agent edits the text before saving', async () => {
    const { user, fake } = await openGrace(true);
    await user.selectOptions(screen.getByLabelText('Start from a template'), 'Refund promised');
    expect(screen.getByLabelText<HTMLTextAreaElement>('New note').value).toBe('Refund promised within 5 days.');
    await user.type(screen.getByLabelText('New note'), ' Ticket 77.');
    await user.click(screen.getByRole('button', { name: 'Save note' }));
    await expect.poll(() => fake.calls.find((c) => c.channel === 'notes.add')?.request).toEqual({ customerId: 'CUS-000001', text: 'Refund promised within 5 days. Ticket 77.' });
  });

  it('ends the contact at once when the policy does not require a code', async () => {
    const { user, wrapup } = await openGrace(false);
    await user.click(screen.getByRole('button', { name: 'End contact' }));
    expect(await screen.findByText('Open a result to see the customer.')).toBeTruthy();
    expect(wrapup.recorded).toEqual([]);
  });
});
