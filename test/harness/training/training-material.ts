// A security policy and a training module as an admin would publish them, and
// the routes' calls the training tests share.
import { expect } from 'vitest';
import type { PublishModuleRequest, PublishPolicyRequest, TrainingOverview } from '../../../shared/schemas/training.ts';
import type { RunningGateway } from '../gateway/gateway.ts';

export const policyDraft = (version: string): PublishPolicyRequest => ({
  title: `Information security policy ${version}`,
  body: `# Information security policy ${version}\n\n- Never write down a full card number.\n- Lock the desk when you leave it.\n- Report anything odd to your supervisor at once.`,
});

/** Three questions; the right answers are 1, 0 and 2, and two of three pass. */
export const moduleDraft: PublishModuleRequest = {
  moduleId: 'card-handling',
  title: 'Handling card data on calls',
  body: '## Card data\n\nAsk the caller for the **last 4 digits** only. The desk masks everything else.',
  quiz: [
    { prompt: 'Which digits may you ask a caller for?', choices: ['All sixteen', 'The last four', 'The first six'], correct: 1 },
    { prompt: 'You leave your desk for a minute. You…', choices: ['lock it', 'leave it open', 'ask a colleague to watch it'], correct: 0 },
    { prompt: 'A caller reads their full card number aloud. You…', choices: ['type it into a note', 'write it down', 'use the card field, which masks it'], correct: 2 },
  ],
  passPercent: 67,
};
export const RIGHT_ANSWERS = [1, 0, 2];

export async function overviewOf(gw: RunningGateway, token: string): Promise<TrainingOverview> {
  const answer = await gw.route('trainingOverview', { token });
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

/** Acknowledges the current policy and passes every current module, with the answer keys read from the store: the person's awareness is then current. */
export async function completeTraining(gw: RunningGateway, token: string): Promise<void> {
  const { policy } = await overviewOf(gw, token);
  if (policy !== null) expect((await gw.route('trainingAcknowledge', { token, body: { version: policy.version } })).status).toBe(200);
  for (const module of await gw.gateway.store.training.currentModules()) {
    const answers = module.quiz.map((question) => question.correct);
    const result = await gw.route('trainingSubmitQuiz', { token, body: { moduleId: module.moduleId, version: module.version, answers } });
    expect(result.body.passed).toBe(true);
  }
}
