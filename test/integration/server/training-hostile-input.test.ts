// Hostile input to security awareness (issue 26): quiz answers of the wrong
// kind, count or range, oversized, and arbitrary JSON; policy text carrying a
// card number; a trainee publishing. Each gets a typed error, nothing is
// stored or scored by it, and the gateway never answers 5xx.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { routes } from '../../../shared/api.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { testPan } from '../../harness/records/source-records.ts';
import { moduleDraft, overviewOf, policyDraft } from '../../harness/training/training-material.ts';

const it = gatewayTestWith({ customers: 3, config: { authRateLimitPerMinute: 10_000 } });

describe('hostile input to the training routes', () => {
  it('refuses a card number anywhere in published material with pan_in_text and publishes nothing', async ({ gw }) => {
    const admin = (await gw.login('admin.ivan')).token;
    const pan = testPan();
    const spaced = pan.replace(/(\d{4})(?=\d)/g, '$1 ');
    const attempts = [
      gw.route('adminPublishPolicy', { token: admin, body: { ...policyDraft('x'), body: `Example of what never to write: ${spaced}` } }),
      gw.route('adminPublishPolicy', { token: admin, body: { ...policyDraft('x'), title: `Policy ${pan}` } }),
      gw.route('adminPublishModule', { token: admin, body: { ...moduleDraft, quiz: [{ prompt: 'Which is a card number?', choices: ['none', pan], correct: 0 }] } }),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status, answer.text).toBe(422);
      expect(answer.error?.code).toBe('pan_in_text');
      expect(answer.text).not.toContain(pan.slice(6));
    }
    expect((await overviewOf(gw, admin)).policy).toBeNull();
    expect(await gatewayAuditEvents(gw, 'training.publish')).toEqual([]);
  });

  it('refuses publishing to a trainee, a bad quiz, and a body over the size limit', async ({ gw }) => {
    const ana = (await gw.login('agent.ana')).token;
    const admin = (await gw.login('admin.ivan')).token;
    expect((await gw.route('adminPublishPolicy', { token: ana, body: policyDraft('x') })).error?.code).toBe('forbidden');
    const wrongAnswer = await gw.route('adminPublishModule', { token: admin, body: { ...moduleDraft, quiz: [{ prompt: 'Pick one', choices: ['a', 'b'], correct: 5 }] } });
    expect(wrongAnswer.error?.code).toBe('invalid_request');
    const huge = await gw.call('POST', routes.adminPublishPolicy.path, { token: admin, body: { title: 'Huge policy', body: 'x'.repeat(200_000) } });
    expect(huge.status).toBe(413);
    expect(huge.json.error?.code).toBe('payload_too_large');
    const long = await gw.route('adminPublishPolicy', { token: admin, body: { title: 'Long policy', body: 'y'.repeat(30_000) } });
    expect(long.error?.code).toBe('invalid_request');
    expect(await gatewayAuditEvents(gw, 'training.publish')).toEqual([]);
  });

  it('answers quiz submissions of the wrong kind, count or range with typed errors and scores none of them', async ({ gw }) => {
    const admin = (await gw.login('admin.ivan')).token;
    const ana = (await gw.login('agent.ana')).token;
    expect((await gw.route('adminPublishModule', { token: admin, body: moduleDraft })).status).toBe(200);
    const submit = (body: unknown) => gw.call('POST', routes.trainingSubmitQuiz.path, { token: ana, body });
    const base = { moduleId: 'card-handling', version: 1 };
    const cases: [unknown, string][] = [
      [{ ...base, answers: [1, 0] }, 'invalid_request'],
      [{ ...base, answers: [1, 0, 2, 0] }, 'invalid_request'],
      [{ ...base, answers: [1, 0, 3] }, 'invalid_request'],
      [{ ...base, answers: [1, 0, -1] }, 'invalid_request'],
      [{ ...base, answers: [1, 0, 1.5] }, 'invalid_request'],
      [{ ...base, answers: ['1', '0', '2'] }, 'invalid_request'],
      [{ ...base, answers: Array.from({ length: 10_000 }, () => 0) }, 'invalid_request'],
      [{ ...base, answers: [1, 0, 2], correct: [1, 0, 2], score: 100 }, 'ok'],
      [{ ...base, moduleId: 'no-such-module', answers: [1] }, 'not_found'],
      [{ ...base, version: 2, answers: [1, 0, 2] }, 'conflict'],
      [{ ...base, moduleId: `../${'a'.repeat(500)}`, answers: [1] }, 'invalid_request'],
    ];
    for (const [body, code] of cases) {
      const answer = await submit(body);
      expect(answer.json.error?.code ?? 'ok', JSON.stringify(body).slice(0, 120)).toBe(code);
    }
    // Extra fields are no way in: the one scored attempt is the well-formed one, with the score the gateway computed.
    const scored = (await gatewayAuditEvents(gw, 'training.complete')).map((e) => e.details.score);
    expect(scored).toEqual([100]);
  });

  it('never answers arbitrary JSON with a server error', async ({ gw }) => {
    const ana = (await gw.login('agent.ana')).token;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(routes.trainingSubmitQuiz.path, routes.trainingAcknowledge.path), async (body, path) => {
        const answer = await gw.call('POST', path, { token: ana, body });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(['invalid_request', 'not_found', 'conflict']).toContain(answer.json.error?.code);
      }),
      { numRuns: 40 },
    );
  });
});
