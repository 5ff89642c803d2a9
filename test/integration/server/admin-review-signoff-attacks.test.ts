// Issue 21, attacked as found: an admin granted a role and at once signed off
// the access review without fetching it, and the next reviewer saw 0 changes.
// A sign-off now names a review the gateway generated (generatedAt and the hash
// of its rows); changes after that review stay open; a review holding the
// signer's own changes needs another admin. Real HTTP, the run's engine.
import { expect } from 'vitest';
import type { AccessReview } from '../../../shared/schemas/admin.ts';
import { createUser, gatewayAuditEvents, signInCreated } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';

const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000 }, customers: 1 });

const fetchReview = async (gw: RunningGateway, token: string): Promise<AccessReview> => {
  const answer = await gw.route('adminAccessReview', { token, query: { format: 'json' } });
  if (answer.status !== 200) throw new Error(`review: ${answer.status} ${answer.text}`);
  return answer.body;
};

const signOff = (gw: RunningGateway, token: string, shown: Pick<AccessReview, 'generatedAt' | 'reviewHash'>, note = 'Reviewed every change listed') =>
  gw.route('adminSignOffReview', { token, body: { note, generatedAt: shown.generatedAt, reviewHash: shown.reviewHash } });

const changesOf = (review: AccessReview, userId: string): string[] => review.rows.find((r) => r.userId === userId)?.changesSinceLastReview.map((c) => c.action) ?? [];

it('cannot bury a change: no sign-off without a generated review, none of a review holding the signer’s own change, and the change stays open', async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const rita = await signInCreated(gw, await createUser(gw, ivan, { username: 'admin.rita', roles: ['admin'] }));
  const before = await fetchReview(gw, rita);
  expect((await signOff(gw, rita, before, 'Baseline: Rita joined')).status).toBe(200);
  gw.clock.advance(1_000);

  // The attack: grant a role, then sign off at once.
  const target = await createUser(gw, ivan, { username: 'agent.quiet', roles: ['agent'] });
  gw.clock.advance(1_000);
  const granted = await gw.route('adminSetRoles', { token: ivan, params: { userId: target.user.userId }, body: { roles: ['agent', 'supervisor'], reason: 'Quiet grant' } });
  expect(granted.status).toBe(200);
  // Without naming a review: refused by the schema.
  expect((await gw.call('POST', '/v1/admin/access-review/sign-off', { token: ivan, body: { note: 'Nothing to see here' } })).status).toBe(400);
  // Naming a review never generated, or a guessed hash: refused.
  const forged = { generatedAt: new Date(gw.clock.now()).toISOString(), reviewHash: 'A'.repeat(43) };
  expect([(await signOff(gw, ivan, forged)).status, (await signOff(gw, ivan, forged)).error?.code]).toEqual([409, 'conflict']);
  // The review Rita signed before the grant: already signed off, so it covers nothing new.
  expect((await signOff(gw, ivan, before)).status).toBe(409);
  // The real review now: it holds Ivan's own changes, so Ivan cannot sign it off.
  gw.clock.advance(1_000);
  const current = await fetchReview(gw, ivan);
  expect(changesOf(current, target.user.userId)).toEqual(['create', 'roles']);
  const own = await signOff(gw, ivan, current);
  expect([own.status, own.error?.code]).toEqual([403, 'forbidden']);
  expect(own.text).toContain('another admin');

  // The next reviewer still sees the change, and every refused attempt is on record.
  expect(changesOf(await fetchReview(gw, rita), target.user.userId)).toEqual(['create', 'roles']);
  const refusals = (await gatewayAuditEvents(gw, 'report.generate')).filter((e) => e.details.action === 'access_review_signoff' && e.outcome === 'failure');
  expect(refusals.map((e) => e.reason)).toEqual(['review_unknown', 'review_unknown', 'review_superseded', 'own_changes']);
});

it('covers only what the signed review showed: a change made after it was generated stays open for the next review', async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const sam = await signInCreated(gw, await createUser(gw, ivan, { username: 'admin.sam', roles: ['admin'] }));
  gw.clock.advance(1_000);
  const shown = await fetchReview(gw, sam);
  gw.clock.advance(1_000);
  const late = await createUser(gw, ivan, { username: 'agent.late', roles: ['agent'] });
  expect(shown.rows.some((r) => r.userId === late.user.userId)).toBe(false);
  gw.clock.advance(1_000);
  const signed = await signOff(gw, sam, shown, 'Signed what I was shown');
  expect(signed.status).toBe(200);
  expect(signed.body.coversThrough).toBe(shown.generatedAt);
  const next = await fetchReview(gw, sam);
  expect(next.lastSignOff?.reviewId).toBe(signed.body.reviewId);
  expect(changesOf(next, late.user.userId)).toEqual(['create']);
});

it('stores one sign-off when two admins sign the same review at once', async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const one = await signInCreated(gw, await createUser(gw, ivan, { username: 'admin.one', roles: ['admin'] }));
  const two = await signInCreated(gw, await createUser(gw, ivan, { username: 'admin.two', roles: ['admin'] }));
  gw.clock.advance(1_000);
  const shown = await fetchReview(gw, one);
  const answers = await Promise.all([signOff(gw, one, shown), signOff(gw, two, shown), signOff(gw, one, shown), signOff(gw, two, shown)]);
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
});
