// @vitest-environment jsdom
// An agent on a call opens a data-subject request for the customer on screen
// (issue 27): kind, law and how identity was verified, sent as privacy.open for
// that customer; without a verification nothing is sent; a refusal shows in place.
import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fail } from '../../shared/errors.ts';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';
import { fakePrivacy } from '../harness/desk/fake-privacy.ts';

afterEach(cleanup);

async function customerOnScreen(handlers = fakePrivacy().handlers) {
  const fake = createFakeAgent({ signedInAs: 'agent.ana', handlers });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await user.type(await screen.findByLabelText('Customer ID'), 'CUS-000001{Enter}');
  await screen.findByRole('heading', { name: /Grace Berg/ });
  await user.click(screen.getByRole('button', { name: 'Open a privacy request' }));
  return { fake, user };
}

describe('Open a privacy request, from the customer view', () => {
  it('sends the kind, law and verification for the customer on screen and shows the request and due date', async () => {
    const { fake, user } = await customerOnScreen();
    await user.selectOptions(screen.getByLabelText('Kind of request'), 'erasure');
    await user.selectOptions(screen.getByLabelText('Law'), 'ccpa');
    await user.selectOptions(screen.getByLabelText('Identity verified by'), 'verified_email');
    await user.click(screen.getByRole('button', { name: 'Open request' }));
    expect((await screen.findByText(/^Privacy request PR-new-1 opened; due /)).textContent).toContain('The privacy team takes it from here.');
    expect(fake.calls.filter((c) => c.channel === 'privacy.open').map((c) => c.request)).toEqual([
      { customerId: 'CUS-000001', kind: 'erasure', law: 'ccpa', verification: 'verified_email' },
    ]);
  });

  it('refuses without a verification, and sends nothing', async () => {
    const { fake, user } = await customerOnScreen();
    await user.click(screen.getByRole('button', { name: 'Open request' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose how the caller’s identity was verified');
    expect(fake.calls.some((c) => c.channel === 'privacy.open')).toBe(false);
  });

  it('shows the gateway’s refusal in place and keeps the form', async () => {
    const { user } = await customerOnScreen({ 'privacy.open': () => fail('not_found', 'No such customer') });
    await user.selectOptions(screen.getByLabelText('Identity verified by'), 'security_questions');
    await user.click(screen.getByRole('button', { name: 'Open request' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No such customer');
    expect(screen.getByRole('form', { name: 'Open a privacy request' })).toBeTruthy();
  });
});
