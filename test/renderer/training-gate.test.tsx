// @vitest-environment jsdom
// The training gate (issue 26) against the in-memory window.agent built from
// the contract: after sign-in a person whose training is not current sees the
// policy and the quiz and nothing else, reaches no customer channel, and gets
// the desk once both are done. The policy's markdown is drawn as elements; a
// tag in it stays text.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';
import { fakeTraining, FAKE_RIGHT_ANSWERS } from '../harness/desk/fake-training.ts';

afterEach(cleanup);

function gatedDesk() {
  const training = fakeTraining();
  const fake = createFakeAgent({ signedInAs: 'agent.ana', handlers: training.handlers });
  render(<App agent={fake.agent} />);
  return { fake, training, user: userEvent.setup() };
}

const chooseAnswers = async (user: ReturnType<typeof userEvent.setup>, answers: readonly number[]): Promise<void> => {
  const groups = screen.getAllByRole('group');
  for (const [q, answer] of answers.entries()) {
    const group = groups[q];
    if (group === undefined) throw new Error(`no question ${String(q + 1)}`);
    const choice = within(group).getAllByRole('radio')[answer];
    if (choice === undefined) throw new Error('no such choice');
    await user.click(choice);
  }
};

describe('the training gate', () => {
  it('shows the policy and the quiz and nothing else until both are done, then opens the desk', async () => {
    const { fake, training, user } = gatedDesk();
    await screen.findByRole('heading', { name: 'Security training', level: 1 });
    expect(screen.queryByRole('navigation', { name: 'Views' })).toBeNull();
    expect(screen.queryByRole('searchbox')).toBeNull();
    expect(fake.calls.map((c) => c.channel).filter((c) => c.startsWith('customers.') || c.startsWith('notes.'))).toEqual([]);

    // The acknowledgement needs the box ticked first.
    const acknowledge = screen.getByRole<HTMLButtonElement>('button', { name: 'Acknowledge version 2' });
    expect(acknowledge.disabled).toBe(true);
    await user.click(screen.getByRole('checkbox', { name: 'I have read this policy and will follow it' }));
    await user.click(acknowledge);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Acknowledge version 2' })).toBeNull());
    expect(fake.calls.find((c) => c.channel === 'training.acknowledge')?.request).toEqual({ version: 2 });

    // A failed quiz says the score and keeps the gate.
    await chooseAnswers(user, [0, 0, 0]);
    await user.click(screen.getByRole('button', { name: 'Submit answers' }));
    expect((await screen.findByRole('alert')).textContent).toContain('You scored 33 %; 67 % passes.');
    expect(screen.getAllByRole('heading', { name: 'Security training', level: 1 })).toHaveLength(1);

    await chooseAnswers(user, FAKE_RIGHT_ANSWERS);
    await user.click(screen.getByRole('button', { name: 'Submit answers' }));
    await screen.findByRole('navigation', { name: 'Views' });
    expect(screen.queryByRole('heading', { name: 'Security training' })).toBeNull();
    expect(training.attempts.map((a) => a.answers)).toEqual([
      [0, 0, 0],
      [...FAKE_RIGHT_ANSWERS],
    ]);
  });

  it('draws the policy markdown as elements and shows a tag in it as text', async () => {
    gatedDesk();
    const policy = await screen.findByRole('region', { name: /Information security policy/ });
    expect(within(policy).getAllByRole('heading', { name: 'Clean desk', level: 3 })).toHaveLength(1);
    expect(within(policy).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Lock the desk when you leave it.', 'Never write down a full card number.']);
    expect(within(policy).getByText('full card number').tagName).toBe('STRONG');
    expect(policy.querySelector('img, script')).toBeNull();
    expect(policy.textContent).toContain('<img src="x" onerror="alert(1)"> <script>alert(2)</script>');
  });

  it('comes back at once when the gateway refuses customer data for training mid-session (a new policy version)', async () => {
    const training = fakeTraining();
    let published = false;
    const current = { ok: true as const, value: { status: { compliant: true, dueAt: '2027-11-01T09:00:00.000Z', items: [] }, policy: null, modules: [] } };
    const fake = createFakeAgent({
      signedInAs: 'agent.ana',
      handlers: {
        ...training.handlers,
        'training.overview': () => (published ? (training.handlers['training.overview']?.({} as never) ?? current) : current),
        'customers.lookup': () => ({ ok: false, error: { code: 'training_required', message: 'Acknowledge the current security policy and pass the security training first' } }),
      },
    });
    const user = userEvent.setup();
    render(<App agent={fake.agent} />);
    await screen.findByRole('navigation', { name: 'Views' });
    published = true;
    await user.type(screen.getByLabelText('Customer ID'), 'CUS-000001{Enter}');
    await screen.findByRole('heading', { name: 'Security training', level: 1 });
    expect(screen.queryByRole('navigation', { name: 'Views' })).toBeNull();
  });

  it('keeps the gate closed, with a way to retry, when the training cannot be read', async () => {
    const fake = createFakeAgent({ signedInAs: 'agent.ana', handlers: { 'training.overview': () => ({ ok: false, error: { code: 'server_unreachable', message: 'down' } }) } });
    render(<App agent={fake.agent} />);
    expect((await screen.findByRole('alert')).textContent).toContain('The server cannot be reached');
    expect(screen.getAllByRole('button', { name: 'Try again' })).toHaveLength(1);
    expect(screen.queryByRole('navigation', { name: 'Views' })).toBeNull();
  });
});
