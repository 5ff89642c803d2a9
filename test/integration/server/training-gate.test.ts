// Security awareness (issue 26, PCI DSS 12.6.1-12.6.3) over real HTTP on the
// run's engine: once an admin publishes a policy and a training module, every
// route of the table that reaches customer data refuses a person who has not
// acknowledged the current policy and passed the current module, with the
// typed error `training_required`; the person's records keep version, time and
// score; a new policy version brings everyone back; after 12 months the
// training runs out, with a reminder alert 30 days before.
import { describe, expect } from 'vitest';
import { routes, type RouteName } from '../../../shared/api.ts';
import { reachesCustomerData } from '../../../shared/training-rules.ts';
import { securityAwarenessEvidence } from '../../../server/admin/training/training-evidence.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { completeTraining, moduleDraft, overviewOf, policyDraft, RIGHT_ANSWERS } from '../../harness/training/training-material.ts';

const it = gatewayTestWith({ customers: 5, config: { authRateLimitPerMinute: 10_000 } });
const DAY = 86_400_000;

const CUSTOMER_ROUTES = (Object.keys(routes) as RouteName[]).filter((name) => reachesCustomerData(routes[name].access));
/** A route's path with its parameters filled in: the gate answers before any parameter is read. */
const pathOf = (name: RouteName): string => routes[name].path.replace(/:customerId/, 'CUS-000001').replace(/:\w+/g, 'x1');

async function customerDataAnswers(gw: RunningGateway, token: string): Promise<Record<string, string>> {
  const answers: Record<string, string> = {};
  for (const name of CUSTOMER_ROUTES) {
    const route = routes[name];
    const answer = await gw.call(route.method, pathOf(name), { token, ...(route.method === 'POST' ? { body: {} } : {}) });
    answers[name] = answer.json.error?.code ?? String(answer.status);
  }
  return answers;
}

const everyRoute = (code: string): Record<string, string> => Object.fromEntries(CUSTOMER_ROUTES.map((name) => [name, code]));

describe('the training gate on customer data', () => {
  it('covers lookups, customer reads, notes, extensions and the call pop', () => {
    expect(CUSTOMER_ROUTES).toEqual(expect.arrayContaining(['lookup', 'customer', 'customerRevision', 'addNote', 'extendSubscription', 'currentCall']));
  });

  it('opens customer data only after the current policy is acknowledged and the module passed; a new policy version closes it again', async ({ gw }) => {
    const admin = (await gw.login('admin.ivan')).token;
    const ana = (await gw.login('agent.ana')).token;
    const lookup = () => gw.route('lookup', { token: ana, body: { by: 'customerId', value: 'CUS-000001' } });

    // Nothing published yet: nothing to wait for.
    expect((await lookup()).status).toBe(200);
    expect((await overviewOf(gw, ana)).status).toEqual({ compliant: true, dueAt: null, items: [] });

    const policy = await gw.route('adminPublishPolicy', { token: admin, body: policyDraft('2026') });
    expect(policy.status, policy.text).toBe(200);
    expect(policy.body).toMatchObject({ version: 1, publishedBy: 'admin.ivan' });
    const module = await gw.route('adminPublishModule', { token: admin, body: moduleDraft });
    expect(module.status, module.text).toBe(200);
    expect(module.text).not.toContain('correct');

    // Every customer-data route of the table refuses, whatever the request: the gate comes before the request is read.
    expect(await customerDataAnswers(gw, ana)).toEqual(everyRoute('training_required'));
    const refused = await lookup();
    expect(refused.status).toBe(403);
    const denials = (await gatewayAuditEvents(gw, 'access.denied')).filter((e) => e.reason === 'training_required');
    expect(denials.length).toBeGreaterThanOrEqual(CUSTOMER_ROUTES.length + 1);
    expect(denials.at(-1)).toMatchObject({ actor: { username: 'agent.ana' }, target: { kind: 'training', id: 'customer-data' } });

    // The trainee sees the policy and the quiz, never its answers.
    const overview = await overviewOf(gw, ana);
    expect(JSON.stringify(overview)).not.toContain('correct');
    expect(overview.status.items.map((item) => [item.subject, item.state])).toEqual([
      ['policy', 'missing'],
      ['card-handling', 'missing'],
    ]);

    expect((await gw.route('trainingAcknowledge', { token: ana, body: { version: 1 } })).status).toBe(200);
    expect((await lookup()).error?.code).toBe('training_required');
    // Records sort by time: each step a minute after the last.
    gw.clock.advance(60_000);
    const failed = await gw.route('trainingSubmitQuiz', { token: ana, body: { moduleId: 'card-handling', version: 1, answers: [1, 1, 1] } });
    expect(failed.body).toMatchObject({ score: 33, passed: false });
    expect((await lookup()).error?.code).toBe('training_required');
    gw.clock.advance(60_000);
    const passed = await gw.route('trainingSubmitQuiz', { token: ana, body: { moduleId: 'card-handling', version: 1, answers: RIGHT_ANSWERS } });
    expect(passed.body).toMatchObject({ score: 100, passed: true });
    expect((await lookup()).status).toBe(200);

    // Each attempt is on record with its score; the acknowledgement with its version.
    const completions = (await gatewayAuditEvents(gw, 'training.complete')).filter((e) => e.actor.username === 'agent.ana');
    expect(completions.map((e) => [e.target.id, e.outcome, e.details.score ?? null])).toEqual([
      ['policy:v1', 'success', null],
      ['module:card-handling:v1', 'failure', 33],
      ['module:card-handling:v1', 'success', 100],
    ]);
    const published = await gatewayAuditEvents(gw, 'training.publish');
    expect(published.map((e) => [e.target.id, e.actor.username])).toEqual([
      ['policy:v1', 'admin.ivan'],
      ['module:card-handling:v1', 'admin.ivan'],
    ]);

    // A new policy version: everyone back to the acknowledgement; the old version no longer counts.
    expect((await gw.route('adminPublishPolicy', { token: admin, body: policyDraft('2027') })).body.version).toBe(2);
    expect((await lookup()).error?.code).toBe('training_required');
    expect((await overviewOf(gw, ana)).status.items.map((item) => item.state)).toEqual(['outdated', 'done']);
    gw.clock.advance(60_000);
    const stale = await gw.route('trainingAcknowledge', { token: ana, body: { version: 1 } });
    expect(stale.error?.code).toBe('conflict');
    expect((await gw.route('trainingAcknowledge', { token: ana, body: { version: 2 } })).status).toBe(200);
    expect((await lookup()).status).toBe(200);
  });

  it('reports who is overdue, reminds 30 days before the 12 months run out, and closes customer data when they have', async ({ gw }) => {
    const ben = (await gw.login('agent.ben')).token;
    /** Days pass with the three of them at work (a sign-in at least every 60 days, as the 90-day inactivity rule needs). */
    const workFor = async (days: number): Promise<void> => {
      for (let left = days; left > 0; left -= 60) {
        gw.clock.advance(Math.min(left, 60) * DAY);
        for (const username of ['admin.ivan', 'agent.ana', 'agent.ben']) await gw.login(username);
      }
    };
    const report = async (only: 'all' | 'overdue' | 'due_soon') => {
      const admin = (await gw.login('admin.ivan')).token;
      const answer = await gw.route('adminTrainingReport', { token: admin, query: { only } });
      expect(answer.status, answer.text).toBe(200);
      return answer.body;
    };
    // Ana finished in the test before; Ben never started.
    const overdue = await report('overdue');
    expect(overdue.policyVersion).toBe(2);
    expect(overdue.rows.map((row) => row.username)).toEqual(expect.arrayContaining(['agent.ben', 'admin.ivan', 'sup.sara']));
    expect(overdue.rows.map((row) => row.username)).not.toContain('agent.ana');
    expect(overdue.rows.find((row) => row.username === 'agent.ben')?.items.map((item) => item.state)).toEqual(['missing', 'missing']);
    await completeTraining(gw, ben);
    expect((await gw.route('lookup', { token: ben, body: { by: 'customerId', value: 'CUS-000002' } })).status).toBe(200);

    // 11 months on: nothing runs out yet, no reminder.
    await workFor(330);
    expect(await gw.gateway.training.remind()).toBe(0);
    // 30 days before the end of Ana's 12 months: one reminder per person, once.
    await workFor(6);
    const soon = await report('due_soon');
    expect(soon.rows.map((row) => row.username).sort()).toEqual(['agent.ana', 'agent.ben']);
    expect(await gw.gateway.training.remind()).toBe(2);
    expect(await gw.gateway.training.remind()).toBe(0);
    const reminders = (await gw.gateway.alerts.list('open')).filter((alert) => alert.kind === 'training_due');
    expect(reminders.map((alert) => alert.userId).sort()).toEqual(['u-agent-ana', 'u-agent-ben']);

    // Past 12 months: expired, refused, overdue.
    await workFor(30);
    const ana = (await gw.login('agent.ana')).token;
    expect((await gw.route('lookup', { token: ana, body: { by: 'customerId', value: 'CUS-000001' } })).error?.code).toBe('training_required');
    const late = await report('overdue');
    expect(late.rows.find((row) => row.username === 'agent.ana')?.items.map((item) => item.state)).toEqual(['expired', 'expired']);

    // The evidence of 12.6.3 for the period: every record with version, time and score, and the standing at its end.
    const evidence = await securityAwarenessEvidence({ training: gw.gateway.store.training, identity: gw.gateway.store.identity }, { from: 0, to: gw.clock.now() });
    expect(evidence.policy?.version).toBe(2);
    expect(evidence.records.filter((r) => r.username === 'agent.ana').map((r) => [r.kind, r.version, r.score, r.passed])).toEqual([
      ['policy', 1, null, true],
      ['module', 1, 33, false],
      ['module', 1, 100, true],
      ['policy', 2, null, true],
    ]);
    expect(evidence.standing.find((row) => row.username === 'agent.ana')?.overdue).toBe(true);
    expect(JSON.stringify(evidence)).not.toContain('correct');
  });
});
