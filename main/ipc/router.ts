// The transport-agnostic IPC router (DESIGN.md): `handle(channel, payload)`
// validates the input, checks role and lock state, runs the service, scans the
// answer for card numbers, checks it against the contract, writes the audit
// event, and only then answers. No audit, no access. Every failure is a typed
// `{ok:false,error}`; nothing thrown inside ever escapes, and no stack crosses.
import { channels, type ContractChannelName } from '../../shared/contract/channels.ts';
import { checkAccess, checkChannelName, checkRequest, checkResponse, type CallerSession } from '../../shared/contract/checks.ts';
import type { ResponseOf } from '../../shared/contract/define.ts';
import { fail, ok, type ErrorCode, type Result } from '../../shared/errors.ts';
import { findPans, redactPans } from '../../shared/pan.ts';
import type { UserView } from '../../shared/schemas/session.ts';
import { ApiError } from '../api/api-client.ts';
import { AuditAppendError, type AuditEventInput } from '../audit/audit-queue.ts';
import { DeskError } from '../errors.ts';
import { KeychainUnavailableError } from '../secrets/secret-store.ts';
import { SessionStateError } from '../session/session-service.ts';
import { describeForAudit } from './audit-descriptions.ts';
import type { ChannelHandlers } from './handlers.ts';

export interface RouterDeps {
  readonly handlers: ChannelHandlers;
  readonly caller: () => CallerSession | null;
  readonly user: () => UserView | null;
  readonly audit: { append(input: AuditEventInput): unknown; canAppend(): boolean };
  /** Unexpected errors go here (main's log), never to the renderer. */
  readonly report: (error: unknown, channel: string) => void;
}

export interface Router {
  handle(channel: unknown, payload: unknown): Promise<Result<unknown>>;
}

/** Deep copy of a service answer with every PAN-like number redacted, and how many were found. */
function redactAnswer(value: unknown): { value: unknown; found: number } {
  let found = 0;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') {
      const hits = findPans(item).length;
      if (hits === 0) return item;
      found += hits;
      return redactPans(item);
    }
    if (Array.isArray(item)) return item.map(walk);
    if (typeof item === 'object' && item !== null) return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, walk(v)]));
    return item;
  };
  return { value: walk(value), found };
}

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

  /** Appends one event; false (and reported) when the trail could not take it. */
  const append = (channel: string, build: () => AuditEventInput): boolean => {
    try {
      deps.audit.append(build());
      return true;
    } catch (error) {
      deps.report(error, channel);
      return false;
    }
  };

  /** Writes the channel's own audit event, if it declares one. */
  const record = (name: ContractChannelName, outcome: 'success' | 'failure', reason: string | null, user: UserView | null, request: unknown, response: unknown): boolean => {
    const type = channels[name].audit;
    if (typeof type !== 'string') return true;
    return append(name, () => ({ type, outcome, reason, actor: actorOf(user, request), ...describeForAudit(name, request, response) }));
  };

  const denied = (name: ContractChannelName, code: ErrorCode): void => {
    append(name, () => ({ type: 'access.denied', outcome: 'failure', reason: code, actor: actorOf(deps.user(), null), target: { kind: 'ipc', id: name } }));
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
    const audited = typeof channels[name].audit === 'string';
    if (audited && !deps.audit.canAppend()) return fail('audit_unavailable', 'The audit trail is full or unavailable, so actions are refused until it syncs');

    const userBefore = deps.user();
    let answer: unknown;
    try {
      answer = await (deps.handlers[name] as (request: unknown) => Promise<unknown>)(parsed.value);
    } catch (error) {
      const known = errorCodeOf(error);
      if (known === null) deps.report(error, name);
      const failure = known ?? { code: 'internal' as const, message: 'Something went wrong; it has been logged' };
      if (!record(name, 'failure', failure.code, userBefore ?? deps.user(), parsed.value, null)) return fail('audit_unavailable', AUDIT_REFUSED_MESSAGE);
      return fail(failure.code, failure.message);
    }

    const cleaned = redactAnswer(answer);
    const checked = checkResponse(name, cleaned.value);
    if (!checked.ok) {
      deps.report(new Error(`answer of ${name} breaks the contract`), name);
      record(name, 'failure', 'invalid_response', userBefore ?? deps.user(), parsed.value, null);
      return checked;
    }
    // Login has no user before it runs; its event names the user it signed in.
    if (!record(name, 'success', null, userBefore ?? deps.user(), parsed.value, checked.value)) return fail('audit_unavailable', AUDIT_REFUSED_MESSAGE);
    const dlpRecorded =
      cleaned.found === 0 ||
      append(name, () => ({
        type: 'dlp.pan_masked',
        outcome: 'success',
        actor: actorOf(userBefore ?? deps.user(), null),
        target: { kind: 'ipc', id: name },
        details: { masked: cleaned.found },
      }));
    if (!dlpRecorded) return fail('audit_unavailable', AUDIT_REFUSED_MESSAGE);
    return ok(checked.value as ResponseOf<(typeof channels)[typeof name]>);
  };

  return {
    async handle(channel, payload) {
      try {
        return await run(channel, payload);
      } catch (error) {
        deps.report(error, typeof channel === 'string' ? channel.slice(0, 64) : 'unknown');
        return fail('internal', 'Something went wrong; it has been logged');
      }
    },
  };
}
