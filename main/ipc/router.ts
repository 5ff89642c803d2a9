// The transport-agnostic IPC router (docs/architecture.md): `handle(channel, payload)`
// validates the input, checks role and lock state, refuses customer channels
// while the audit trail has failed verification or the screen cannot be
// protected as policy requires, holds audit capacity and writes the attempt
// before the service runs (no audit, no access, and no side effect first),
// scans the answer for card numbers, checks it against the contract, and
// writes the outcome before it answers. Every failure is a typed
// `{ok:false,error}` with card numbers redacted; nothing thrown inside ever
// escapes, and no stack crosses.
import { channels, type ContractChannelName } from '../../shared/contract/channels.ts';
import { checkAccess, checkChannelName, checkRequest, checkResponse, type CallerSession } from '../../shared/contract/checks.ts';
import type { ChannelAudit } from '../../shared/contract/define.ts';
import { fail, ok, type ErrorCode, type Result } from '../../shared/errors.ts';
import { findPans, redactPans } from '../../shared/pan.ts';
import type { Permission } from '../../shared/roles.ts';
import type { UserView } from '../../shared/schemas/session.ts';
import { ApiError } from '../api/api-client.ts';
import { AuditAppendError, type AuditEventInput, type AuditIntegrity, type AuditReservation, type AuditTier } from '../audit/audit-queue.ts';
import { DeskError } from '../errors.ts';
import { KeychainUnavailableError } from '../secrets/secret-store.ts';
import { SessionStateError } from '../session/session-service.ts';
import { redactDeep } from './redact.ts';
import type { ChannelHandlers } from './handlers.ts';

export interface RouterDeps {
  readonly handlers: ChannelHandlers;
  readonly caller: () => CallerSession | null;
  readonly user: () => UserView | null;
  readonly audit: {
    append(input: AuditEventInput): unknown;
    reserveSlots(slots: number, tier: AuditTier): AuditReservation;
    integrity(): AuditIntegrity;
  };
  /** False when policy requires capture protection that this OS cannot give. */
  readonly screenProtected: boolean;
  /** Unexpected errors go here (main's log), never to the renderer. */
  readonly report: (error: unknown, channel: string) => void;
}

export interface Router {
  handle(channel: unknown, payload: unknown): Promise<Result<unknown>>;
}

/** Channels that show or change customer data: refused while the trail is broken or the screen unprotected. */
const CUSTOMER_DATA: ReadonlySet<Permission> = new Set(['customers.lookup', 'customers.read', 'notes.write', 'subscriptions.extend']);
const isCustomerChannel = (name: ContractChannelName): boolean => {
  const access = channels[name].access;
  return access !== 'public' && access !== 'session' && access !== 'account' && CUSTOMER_DATA.has(access);
};

/**
 * How far past the cap a channel may go: signing in and unlocking may use half
 * the reserve (without a session a full desk could never sync); locking and
 * signing out, which only take access away, all of it.
 */
const TIER_OF: Partial<Record<ContractChannelName, AuditTier>> = {
  'session.login': 'session',
  'session.unlock': 'session',
  'session.lock': 'system',
  'session.logout': 'system',
};

/** Held per audited call: the attempt, the outcome, and a DLP note if the answer had card numbers masked. */
const SLOTS_PER_CALL = 3;

const AUDIT_REFUSED_MESSAGE = 'The audit trail cannot record this action, so it is refused';

function errorCodeOf(error: unknown): { code: ErrorCode; message: string } | null {
  if (error instanceof ApiError || error instanceof DeskError) return { code: error.code, message: error.message };
  if (error instanceof SessionStateError) return { code: 'invalid_request', message: error.message };
  if (error instanceof AuditAppendError) return { code: 'audit_unavailable', message: AUDIT_REFUSED_MESSAGE };
  if (error instanceof KeychainUnavailableError) return { code: 'internal', message: error.message };
  return null;
}

export function createRouter(deps: RouterDeps): Router {
  const actorOf = (user: UserView | null, request: unknown): AuditEventInput['actor'] => {
    if (user !== null) return { userId: user.userId, username: user.username, roles: user.roles };
    const typed = (request as { username?: unknown } | null)?.username;
    return { userId: null, username: typeof typed === 'string' ? redactPans(typed).slice(0, 128) : null, roles: [] };
  };

  /** Appends one event with `write`; false (and reported) when the trail could not take it. */
  const append = (channel: string, build: () => AuditEventInput, write: (input: AuditEventInput) => unknown = (input) => deps.audit.append(input)): boolean => {
    try {
      write(build());
      return true;
    } catch (error) {
      deps.report(error, channel);
      return false;
    }
  };

  /** Writes the channel's own audit event, if it declares one. */
  const record = (
    name: ContractChannelName,
    outcome: 'success' | 'failure',
    reason: string | null,
    user: UserView | null,
    request: unknown,
    response: unknown,
    write?: (input: AuditEventInput) => unknown,
  ): boolean => {
    const audit: ChannelAudit = channels[name].audit;
    if ('none' in audit) return true;
    return append(name, () => ({ type: audit.event, outcome, reason, actor: actorOf(user, request), ...audit.describe(request, response) }), write);
  };

  const denied = (name: ContractChannelName, code: ErrorCode): void => {
    append(name, () => ({ type: 'access.denied', outcome: 'failure', reason: code, actor: actorOf(deps.user(), null), target: { kind: 'ipc', id: name } }));
  };

  /** Why a customer channel is refused right now, if it is. */
  const customerGate = (name: ContractChannelName): Result<never> | null => {
    if (!isCustomerChannel(name)) return null;
    const integrity = deps.audit.integrity();
    if (integrity.status === 'failed') {
      denied(name, 'audit_integrity');
      return fail('audit_integrity', 'The local audit trail failed verification; customer data stays closed until IT clears it');
    }
    if (!deps.screenProtected) {
      denied(name, 'capture_unprotected');
      return fail('capture_unprotected', 'Policy requires screen-capture protection, which this computer cannot give; customer data stays closed');
    }
    return null;
  };

  /** Runs an audited channel inside its held capacity: attempt first, then the service, then the outcome. */
  const runAudited = async (name: ContractChannelName, request: unknown, reservation: AuditReservation): Promise<Result<unknown>> => {
    const write = (input: AuditEventInput): unknown => reservation.append(input);
    const userBefore = deps.user();
    if (!append(name, () => ({ type: 'ipc.attempt', outcome: 'success', actor: actorOf(userBefore, request), target: { kind: 'ipc', id: name } }), write)) {
      return fail('audit_unavailable', AUDIT_REFUSED_MESSAGE);
    }
    let answer: unknown;
    try {
      answer = await (deps.handlers[name] as (request: unknown) => Promise<unknown>)(request);
    } catch (error) {
      const known = errorCodeOf(error);
      if (known === null) deps.report(error, name);
      const failure = known ?? { code: 'internal' as const, message: 'Something went wrong; it has been logged' };
      if (!record(name, 'failure', failure.code, userBefore ?? deps.user(), request, null, write)) return fail('audit_unavailable', AUDIT_REFUSED_MESSAGE);
      return fail(failure.code, failure.message);
    }

    const cleaned = redactDeep(answer);
    const checked = checkResponse(name, cleaned.value);
    if (!checked.ok) {
      deps.report(new Error(`answer of ${name} breaks the contract`), name);
      record(name, 'failure', 'invalid_response', userBefore ?? deps.user(), request, null, write);
      return checked;
    }
    // Login has no user before it runs; its event names the user it signed in.
    if (!record(name, 'success', null, userBefore ?? deps.user(), request, checked.value, write)) return fail('audit_unavailable', AUDIT_REFUSED_MESSAGE);
    const dlpRecorded =
      cleaned.found === 0 ||
      append(
        name,
        () => ({ type: 'dlp.pan_masked', outcome: 'success', actor: actorOf(userBefore ?? deps.user(), null), target: { kind: 'ipc', id: name }, details: { masked: cleaned.found } }),
        write,
      );
    if (!dlpRecorded) return fail('audit_unavailable', AUDIT_REFUSED_MESSAGE);
    return ok(checked.value);
  };

  const run = async (channel: unknown, payload: unknown): Promise<Result<unknown>> => {
    const named = checkChannelName(channel);
    if (!named.ok) return named;
    const name = named.value;
    const access = checkAccess(name, deps.caller());
    if (!access.ok) {
      denied(name, access.error.code);
      return access;
    }
    const parsed = checkRequest(name, payload);
    if (!parsed.ok) {
      record(name, 'failure', 'invalid_request', deps.user(), null, null);
      return parsed;
    }
    const refused = customerGate(name);
    if (refused !== null) return refused;
    if ('none' in channels[name].audit) return runUnaudited(name, parsed.value);

    let reservation: AuditReservation;
    try {
      reservation = deps.audit.reserveSlots(SLOTS_PER_CALL, TIER_OF[name] ?? 'user');
    } catch (error) {
      if (!(error instanceof AuditAppendError)) throw error;
      return fail('audit_unavailable', 'The audit trail is full or unavailable, so actions are refused until it syncs');
    }
    try {
      return await runAudited(name, parsed.value, reservation);
    } finally {
      reservation.release();
    }
  };

  /** Channels that declare no audit event only read the caller's own state. */
  const runUnaudited = async (name: ContractChannelName, request: unknown): Promise<Result<unknown>> => {
    try {
      const answer = redactDeep(await (deps.handlers[name] as (request: unknown) => Promise<unknown>)(request));
      return checkResponse(name, answer.value);
    } catch (error) {
      const known = errorCodeOf(error);
      if (known === null) deps.report(error, name);
      return known === null ? fail('internal', 'Something went wrong; it has been logged') : fail(known.code, known.message);
    }
  };

  /** Error answers are scanned like values: a card number echoed in a message never reaches the renderer. */
  const redactError = (channel: unknown, result: Result<unknown>): Result<unknown> => {
    if (result.ok) return result;
    const found = findPans(result.error.message).length;
    if (found === 0) return result;
    const name = isChannelNameString(channel) ? channel : 'unknown';
    append(name, () => ({ type: 'dlp.pan_masked', outcome: 'success', actor: actorOf(deps.user(), null), target: { kind: 'ipc', id: name }, details: { masked: found, in: 'error' } }));
    return { ok: false, error: { ...result.error, message: redactPans(result.error.message).slice(0, 500) } };
  };

  return {
    async handle(channel, payload) {
      try {
        return redactError(channel, await run(channel, payload));
      } catch (error) {
        deps.report(error, typeof channel === 'string' ? channel.slice(0, 64) : 'unknown');
        return fail('internal', 'Something went wrong; it has been logged');
      }
    },
  };
}

const isChannelNameString = (channel: unknown): channel is ContractChannelName => checkChannelName(channel).ok;
