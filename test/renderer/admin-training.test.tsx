// @vitest-environment jsdom
// The Administration workspace's Training tab (issue 26): the overdue report,
// publishing a policy version and a module whose quiz is typed as text, and
// the gateway's refusals (a card number in the text) shown in place.
import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../shared/errors.ts';
import type { PublishModuleRequest, PublishPolicyRequest, TrainingReport } from '../../shared/schemas/training.ts';
import { App } from '../../renderer/src/App.tsx';
import { parseQuiz } from '../../renderer/src/components/admin/quiz-text.ts';
import { createFakeAgent } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

const REPORT: TrainingReport = {
  generatedAt: '2026-12-01T09:00:00.000Z',
  policyVersion: 3,
  rows: [
    {
      userId: 'u-agent-ben',
      username: 'agent.ben',
      roles: ['agent'],
      compliant: false,
      overdue: true,
      dueSoon: false,
      dueAt: null,
      items: [{ kind: 'policy', subject: 'policy', title: 'Information security policy', version: 3, state: 'outdated', completedAt: null, score: null, dueAt: null }],
    },
  ],
};

async function trainingTab(publishPolicy: (request: PublishPolicyRequest) => ReturnType<typeof ok> | ReturnType<typeof fail>) {
  const published: PublishModuleRequest[] = [];
  const fake = createFakeAgent({
    signedInAs: 'adm.ada',
    handlers: {
      'training.report': () => ok(REPORT),
      'training.publishPolicy': publishPolicy,
      'training.publishModule': (request: PublishModuleRequest) => {
        published.push(request);
        return ok({ ...request, version: 1, quiz: [], publishedAt: REPORT.generatedAt, publishedBy: 'adm.ada' });
      },
    },
  });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await user.click(await screen.findByRole('tab', { name: 'Training' }));
  await screen.findByRole('table', { name: 'Training report' });
  return { fake, user, published };
}

describe('the Training tab', () => {
  it('lists who is overdue and what they still have to do', async () => {
    await trainingTab(() => fail('internal', 'unused'));
    const row = screen.getAllByRole('row')[1];
    if (row === undefined) throw new Error('no row');
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['agent.ben', 'agent', 'Overdue', '—', 'Information security policy (outdated)']);
    expect(screen.getByText('Policy in force: version 3.')).toBeTruthy();
  });

  it('publishes a policy version, and shows the gateway refusing a card number in place', async () => {
    let answer: 'refuse' | 'accept' = 'refuse';
    const { user } = await trainingTab((request) =>
      answer === 'refuse' ? fail('pan_in_text', 'body: a card number must not appear in training material; nothing was published') : ok({ ...request, version: 4, publishedAt: REPORT.generatedAt, publishedBy: 'adm.ada' }),
    );
    await user.type(screen.getByLabelText('Title', { selector: '#policy-title' }), 'Security policy 2027');
    await user.type(screen.getByLabelText('Text (markdown)', { selector: '#policy-body' }), 'Lock the desk when you leave it.');
    await user.click(screen.getByRole('button', { name: 'Publish policy' }));
    expect((await screen.findByRole('alert')).textContent).toContain('a card number must not appear in training material');
    answer = 'accept';
    await user.click(screen.getByRole('button', { name: 'Publish policy' }));
    expect((await screen.findByRole('status')).textContent).toBe('Policy version 4 published: everyone acknowledges it before customer data opens again.');
  });

  it('publishes a module from its quiz text, and says which line of a bad quiz is wrong without sending it', async () => {
    const { user, published } = await trainingTab(() => fail('internal', 'unused'));
    await user.type(screen.getByLabelText('Module ID'), 'card-handling');
    await user.type(screen.getByLabelText('Title', { selector: '#module-title' }), 'Card data on calls');
    await user.type(screen.getByLabelText('Text (markdown)', { selector: '#module-body' }), 'Ask for the last 4 digits only.');
    const quiz = screen.getByLabelText(/^Quiz/);
    await user.type(quiz, 'Which digits?{enter}- all{enter}* last four');
    await user.click(screen.getByRole('button', { name: 'Publish module' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Line 1: start a question with "?"');
    expect(published).toEqual([]);
    await user.clear(quiz);
    await user.type(quiz, '? Which digits?{enter}- all{enter}* last four');
    await user.click(screen.getByRole('button', { name: 'Publish module' }));
    expect((await screen.findByRole('status')).textContent).toBe('Module card-handling version 1 published.');
    expect(published[0]).toMatchObject({ moduleId: 'card-handling', passPercent: 80, quiz: [{ prompt: 'Which digits?', choices: ['all', 'last four'], correct: 1 }] });
  });
});

describe('quiz text', () => {
  it('refuses a question without a marked choice, with two marked, or with one choice', () => {
    expect(parseQuiz('? A\n- x\n- y')).toEqual({ ok: false, error: 'Question 1 needs two choices or more, one marked "*"' });
    expect(parseQuiz('? A\n* x\n* y')).toEqual({ ok: false, error: 'Line 3: a question has one right choice' });
    expect(parseQuiz('? A\n* x')).toEqual({ ok: false, error: 'Question 1 needs two choices or more, one marked "*"' });
    expect(parseQuiz('   ')).toEqual({ ok: false, error: 'Write at least one question' });
  });
});
