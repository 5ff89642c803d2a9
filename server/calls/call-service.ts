// Calls from the contact-center platforms: receives their signed events, gives an
// agent's desk the call offered to that agent (and to no one else) with the
// customers whose phone hash matches the caller, masked, and gives supervisors
// the floor's calls. The agent still confirms who is calling by customer ID,
// order number or card before any record opens; the pop's first read by the
// agent is on the gateway's record before it is answered (no audit, no access).
// Each platform account is a service account scoped to `contact_event`: its
// source names it, its webhook secret signs its events, and its declared agent
// map says which desk user a platform agent is. A revoked account's events are
// refused from the next one on, since each event looks its account up.
import { randomUUID } from 'node:crypto';
import { panFreeId, redactPans } from '../../shared/pan.ts';
import type { CallFloor, CallMatch, CurrentCall } from '../../shared/schemas/calls.ts';
import type { ContactCenterLink } from '../../shared/schemas/service-accounts.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { sha256Hex } from '../core/hashing.ts';
import type { Principal } from '../core/principal.ts';
import { recordAccess } from '../customers/access-audit.ts';
import { maskEmail, maskName, maskPhone } from '../customers/masking.ts';
import { phoneHmac } from '../customers/phone-hmac.ts';
import { normaliseE164, PhoneNumberError } from '../customers/phone-number.ts';
import { GatewayError } from '../errors.ts';
import type { ServiceAccounts, SourcePrincipal } from '../records/service-accounts.ts';
import type { CustomerRepo, CallRepo, IdentityRepo, StoredCall } from '../storage/store.ts';
import { nextCall } from './call-transitions.ts';
import { readContactEvent } from './contact-adapters.ts';
import { verifyContactSignature } from './contact-signature.ts';

/** Customers shown on one pop at most: a shared family or company number can match many. */
export const POP_LIMIT = 5;

/** The platform account an event came from, once its signature holds. */
export interface ContactSender {
  readonly principal: SourcePrincipal;
  readonly link: ContactCenterLink;
}

export interface CallService {
  /** The live platform account of `source` that signed this body; refuses (unauthenticated) any other. Runs before the body is parsed. */
  verify(source: string, rawBody: Buffer, header: (name: string) => string | undefined): Promise<ContactSender>;
  receive(sender: ContactSender, body: unknown): Promise<{ outcome: 'applied' | 'duplicate' | 'ignored' }>;
  current(principal: Principal): Promise<CurrentCall>;
  floor(minutes: number): Promise<CallFloor>;
}

export function createCallService(deps: {
  calls: CallRepo;
  customers: Pick<CustomerRepo, 'findCustomerIds' | 'summaries'>;
  identity: Pick<IdentityRepo, 'findUserByUsername' | 'findUserById'>;
  pepper: Buffer;
  clock: Clock;
  audit: GatewayAudit;
  accounts: Pick<ServiceAccounts, 'webhookSigner'>;
  config: GatewayConfig['contactCenter'];
}): CallService {
  const { calls, customers, identity, config, clock } = deps;
  const callingCode = { defaultCallingCode: config.defaultCallingCode };
  const caller = (number: string | null): { callerHmac: string | null; callerMasked: string } => {
    if (number === null) return { callerHmac: null, callerMasked: maskPhone('') };
    try {
      return { callerHmac: phoneHmac(deps.pepper, number, callingCode), callerMasked: maskPhone(normaliseE164(number, callingCode)) };
    } catch (error) {
      if (error instanceof PhoneNumberError) return { callerHmac: null, callerMasked: maskPhone('') };
      throw error;
    }
  };
  const userIdOfAgent = async ({ agents }: ContactCenterLink, agent: string | null): Promise<string | null> => {
    // Own keys only: a platform agent ID such as `constructor` names no one.
    const username = agent !== null && Object.hasOwn(agents, agent) ? agents[agent] : undefined;
    if (username === undefined) return null;
    return (await identity.findUserByUsername(username))?.userId ?? null;
  };
  const matchesOf = async (call: StoredCall): Promise<{ matches: CallMatch[]; truncated: boolean }> => {
    if (call.callerHmac === null) return { matches: [], truncated: false };
    const ids = await customers.findCustomerIds({ by: 'phone', phoneHmac: call.callerHmac }, POP_LIMIT + 1);
    const found = await customers.summaries(ids.slice(0, POP_LIMIT));
    return {
      matches: found.map(({ customer }) => ({
        customerId: customer.customerId,
        nameMasked: maskName(customer.displayName),
        emailMasked: maskEmail(customer.email),
        city: customer.city,
        country: customer.country,
      })),
      truncated: ids.length > POP_LIMIT,
    };
  };

  return {
    async verify(source, rawBody, header) {
      const signer = await deps.accounts.webhookSigner(source);
      const link = signer?.contactCenter ?? null;
      // One answer for no account, a revoked one and one not scoped to call events: which sources exist is not told.
      if (signer === null || link === null || !signer.principal.recordTypes.includes('contact_event')) {
        throw new GatewayError('unauthenticated', 'No live contact-center account sends events as this source');
      }
      const verdict = verifyContactSignature(link, signer.secret, {
        rawBody,
        header,
        nowMs: clock.now(),
        toleranceSeconds: config.signatureToleranceSeconds,
      });
      if (!verdict.ok) throw new GatewayError('unauthenticated', `The call event's signature is ${verdict.reason}`);
      return { principal: signer.principal, link };
    },

    async receive({ principal, link }, body) {
      const { platform } = link;
      const received = readContactEvent(platform, body);
      if (received === null) return { outcome: 'ignored' };
      // What is kept of the platform's own text: digests of its IDs (a UUID can hold a digit run that reads as a
      // card number, and none is shown anywhere), and the queue's name with any card number masked. The digests are
      // the account's source's: one platform account can neither replay nor steer another's calls.
      const ref = (id: string): string => sha256Hex(`${principal.source}\n${id}`);
      const event = {
        ...received,
        eventId: ref(received.eventId),
        callId: ref(received.callId),
        queue: received.queue === null ? null : redactPans(received.queue),
      };
      const at = Date.parse(event.at);
      // A platform that signs no time of its own (Twilio) is held to its event's time instead.
      if (platform === 'twilio-taskrouter' && Math.abs(clock.now() - at) > config.signatureToleranceSeconds * 1000) {
        throw new GatewayError('unauthenticated', 'The call event is stale');
      }
      // Dated ahead of the gateway's clock, an event would outrank every real event of its call (a late one never moves
      // a state back) and freeze the call on a desk until that date.
      if (at - clock.now() > config.signatureToleranceSeconds * 1000) throw new GatewayError('unauthenticated', 'The call event is dated in the future');
      const facts = { platform, at, agentUserId: await userIdOfAgent(link, received.agent), ...caller(received.callerNumber) };
      const result = await calls.apply(
        { platform, eventId: event.eventId, platformCallId: event.callId, kind: event.kind, at, receivedAt: clock.now() },
        (current) => nextCall(current, event, facts, () => panFreeId(randomUUID)),
      );
      return { outcome: result.duplicate ? 'duplicate' : 'applied' };
    },

    async current(principal) {
      const call = await calls.currentFor(principal.userId);
      if (call === null) return { call: null };
      const { matches, truncated } = await matchesOf(call);
      if (call.poppedTo !== principal.userId) {
        await recordAccess(deps.audit, {
          type: 'customer.lookup',
          outcome: 'success',
          actor: principal,
          target: { kind: 'customer', id: matches[0]?.customerId ?? null },
          details: { by: 'phone', call: call.callId, caller: call.callerMasked, results: matches.length, truncated, customers: matches.map((m) => m.customerId).join(',') },
        });
        await calls.markPopped(call.callId, principal.userId);
      }
      return {
        call: {
          callId: call.callId,
          state: call.state,
          queue: call.queue,
          callerMasked: call.callerMasked,
          offeredAt: new Date(call.offeredAt).toISOString(),
          matches,
          truncated,
        },
      };
    },

    async floor(minutes) {
      const to = clock.now();
      const from = to - minutes * 60_000;
      const seen = await calls.floor({ from, to });
      const handled = seen.endedIn.filter((c) => c.answeredAt !== null);
      const handleMs = handled.reduce((sum, c) => sum + ((c.wrappedAt ?? c.endedAt ?? c.answeredAt ?? 0) - (c.answeredAt ?? 0)), 0);
      const agents = [];
      for (const call of seen.active) {
        if (call.agentUserId === null || call.state === 'waiting' || call.state === 'ended') continue;
        const user = await identity.findUserById(call.agentUserId);
        agents.push({
          userId: call.agentUserId,
          username: user?.username ?? call.agentUserId,
          state: call.state,
          queue: call.queue,
          since: new Date(call.stateSince).toISOString(),
        });
      }
      return {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        waiting: seen.waiting,
        answered: seen.answeredIn,
        abandoned: seen.endedIn.filter((c) => c.abandoned).length,
        averageHandleSeconds: handled.length === 0 ? null : Math.round(handleMs / handled.length / 1000),
        agents,
      };
    },
  };
}
