// @vitest-environment jsdom
// Issue 28: when the gateway answers a lookup with update_required, the agent
// sees one clear screen (the versions, why, and that the desk is updating)
// instead of an error line, and the desk stays signed in.
import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fail } from '../../shared/errors.ts';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent, fakeCustomer } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

const REFUSAL = 'This desk runs 1.0.0; version 1.1.0 or newer is required for customer data. It is updating; sign-in and audit sync still work';

describe('update required', () => {
  it('replaces the search with a screen that says which version, why, and that the desk is updating', async () => {
    const fake = createFakeAgent({ signedInAs: 'agent.ana', customer: fakeCustomer(), handlers: { 'customers.lookup': () => fail('update_required', REFUSAL) } });
    const user = userEvent.setup();
    render(<App agent={fake.agent} />);
    await screen.findByRole('heading', { name: 'Find a customer' });
    await user.type(screen.getByLabelText('Customer ID'), 'CUS-000001{Enter}');
    expect(await screen.findByRole('heading', { name: 'This desk must update before it can show customers' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(REFUSAL);
    expect(screen.getByText(/verified and installed automatically/)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Find a customer' })).toBeNull();
    // Still signed in: the session's controls are there.
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });
});
