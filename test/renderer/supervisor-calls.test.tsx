// @vitest-environment jsdom
// The supervisor's calls panel: the counts and the agents on a call or in
// wrap-up, read through main's supervisor.calls channel for the chosen window.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

describe('supervisor calls panel', () => {
  it('shows waiting, answered, abandoned, handle time and agent states, and reads again for another window', async () => {
    const fake = createFakeAgent({ signedInAs: 'sup.sara' });
    const user = userEvent.setup();
    render(<App agent={fake.agent} />);
    const panel = (await screen.findByRole('heading', { name: 'Calls' })).closest('section');
    if (panel === null) throw new Error('no calls panel');
    const counts = await within(panel).findByLabelText('Call counts');
    expect(counts.textContent).toContain('Waiting now3');
    expect(counts.textContent).toContain('Answered41');
    expect(counts.textContent).toContain('Abandoned2');
    expect(counts.textContent).toContain('Average handle time4 min');
    const row = within(panel).getByRole('row', { name: /agent\.ana/ });
    expect(row.textContent).toContain('On a call');
    expect(row.textContent).toContain('Orders help');

    await user.selectOptions(within(panel).getByLabelText('Window'), '480');
    const asked = () => fake.calls.filter((c) => c.channel === 'supervisor.calls').map((c) => c.request);
    await waitFor(() => expect(asked()).toEqual([{ minutes: 60 }, { minutes: 480 }]));
  });
});
