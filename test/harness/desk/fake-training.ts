// The training channels of the fake window.agent, as the gateway answers them:
// a published policy and one module with a three-question quiz, scored here
// against its answer key, which the overview never shows.
import { fail, ok } from '../../../shared/errors.ts';
import type { QuizResult, SubmitQuizRequest, TrainingItem, TrainingOverview } from '../../../shared/schemas/training.ts';
import type { FakeHandler } from './fake-agent.ts';
import type { ContractChannelName } from '../../../shared/contract/channels.ts';

/** The policy body carries a tag and a script: the desk must show them as text. */
export const FAKE_POLICY_BODY = '# Clean desk\n\n- Lock the desk when you leave it.\n- Never write down a **full card number**.\n\n<img src="x" onerror="alert(1)"> <script>alert(2)</script>';
export const FAKE_RIGHT_ANSWERS = [1, 0, 2] as const;

export function fakeTraining(): { handlers: Partial<Record<ContractChannelName, FakeHandler>>; attempts: SubmitQuizRequest[] } {
  const published = '2026-11-01T09:00:00.000Z';
  const done = { policy: false, module: false };
  const attempts: SubmitQuizRequest[] = [];
  const item = (kind: 'policy' | 'module', subject: string, title: string, isDone: boolean): TrainingItem => ({
    kind,
    subject,
    title,
    version: kind === 'policy' ? 2 : 1,
    state: isDone ? 'done' : 'missing',
    completedAt: isDone ? published : null,
    score: isDone && kind === 'module' ? 100 : null,
    dueAt: isDone ? '2027-11-01T09:00:00.000Z' : null,
  });
  const overview = (): TrainingOverview => ({
    status: {
      compliant: done.policy && done.module,
      dueAt: done.policy && done.module ? '2027-11-01T09:00:00.000Z' : null,
      items: [item('policy', 'policy', 'Information security policy', done.policy), item('module', 'card-handling', 'Handling card data on calls', done.module)],
    },
    policy: { version: 2, title: 'Information security policy', body: FAKE_POLICY_BODY, publishedAt: published, publishedBy: 'adm.ada' },
    modules: [
      {
        moduleId: 'card-handling',
        version: 1,
        title: 'Handling card data on calls',
        body: 'Ask the caller for the `last 4` digits only.',
        quiz: [
          { prompt: 'Which digits may you ask a caller for?', choices: ['All sixteen', 'The last four', 'The first six'] },
          { prompt: 'You leave your desk for a minute. You…', choices: ['lock it', 'leave it open', 'ask a colleague to watch it'] },
          { prompt: 'A caller reads their full card number aloud. You…', choices: ['type it into a note', 'write it down', 'use the card field, which masks it'] },
        ],
        passPercent: 67,
        publishedAt: published,
        publishedBy: 'adm.ada',
      },
    ],
  });
  return {
    attempts,
    handlers: {
      'training.overview': () => ok(overview()),
      'training.acknowledge': (request: { version: number }) => {
        if (request.version !== 2) return fail('conflict', 'Not the current policy');
        done.policy = true;
        return ok(overview().status);
      },
      'training.submitQuiz': (request: SubmitQuizRequest) => {
        attempts.push(request);
        const right = request.answers.filter((answer, i) => answer === FAKE_RIGHT_ANSWERS[i]).length;
        const score = Math.floor((right * 100) / FAKE_RIGHT_ANSWERS.length);
        done.module ||= score >= 67;
        return ok({ moduleId: request.moduleId, version: request.version, score, passed: score >= 67, at: published } satisfies QuizResult);
      },
    },
  };
}
