// The training gate through the desk (issue 26, PCI DSS 12.6): an agent whose
// security awareness is not current is refused every customer channel of the
// IPC contract with the typed error `training_required`, as the gateway
// answers it, and finishes the policy and quiz through the IPC too. Real
// gateway on 127.0.0.1, real keychain and audit queue.
import { describe, expect, it } from 'vitest';
import { channels, type ContractChannelName } from '../../../shared/contract/channels.ts';
import type { Result } from '../../../shared/errors.ts';
import type { TrainingOverview } from '../../../shared/schemas/training.ts';
import { reachesCustomerData } from '../../../shared/training-rules.ts';
import { startDesk } from '../../harness/desk/desk.ts';
import { VALID_REQUESTS } from '../../harness/desk/valid-requests.ts';
import { startGateway } from '../../harness/gateway/gateway.ts';
import { moduleDraft, policyDraft, RIGHT_ANSWERS } from '../../harness/training/training-material.ts';

/** The channels that carry customer data; the local follow only names a customer, and its refreshes are reads of the routes gated here. */
const CUSTOMER_CHANNELS = (Object.keys(channels) as ContractChannelName[]).filter((name) => reachesCustomerData(channels[name].access) && channels[name].gateway !== 'local');
const valid = (name: ContractChannelName): unknown => (VALID_REQUESTS as Partial<Record<ContractChannelName, unknown>>)[name] ?? {};

describe('the training gate on the desk', () => {
  it('refuses every customer channel with training_required until the agent acknowledges the policy and passes the quiz through the IPC', async () => {
    await using gw = await startGateway({ customers: 3, config: { authRateLimitPerMinute: 10_000 } });
    await using desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    const admin = (await gw.login('admin.ivan')).token;
    expect((await gw.route('adminPublishPolicy', { token: admin, body: policyDraft('2026') })).status).toBe(200);
    expect((await gw.route('adminPublishModule', { token: admin, body: moduleDraft })).status).toBe(200);

    expect(await desk.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: true });
    expect(CUSTOMER_CHANNELS).toEqual(expect.arrayContaining(['customers.lookup', 'customers.get', 'notes.add', 'subscriptions.extend']));
    for (const name of CUSTOMER_CHANNELS) {
      expect(await desk.router.handle(name, valid(name)), name).toMatchObject({ ok: false, error: { code: 'training_required' } });
    }

    const overview = (await desk.router.handle('training.overview', {})) as Result<TrainingOverview>;
    if (!overview.ok) throw new Error(overview.error.message);
    expect(overview.value.status.compliant).toBe(false);
    expect(await desk.router.handle('training.acknowledge', { version: overview.value.policy?.version })).toMatchObject({ ok: true });
    const quiz = { moduleId: moduleDraft.moduleId, version: 1, answers: RIGHT_ANSWERS };
    expect(await desk.router.handle('training.submitQuiz', quiz)).toMatchObject({ ok: true, value: { passed: true, score: 100 } });
    expect(await desk.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000001' })).toMatchObject({ ok: true });

    // The desk's own trail names what was done, as the gateway's does.
    const trail = desk.queue.pending(10_000).filter((e) => e.event.type === 'training.complete').map((e) => [e.event.target.id, e.event.outcome]);
    expect(trail).toEqual([
      ['policy:v1', 'success'],
      ['module:card-handling:v1', 'success'],
    ]);
  }, 90_000);
});
