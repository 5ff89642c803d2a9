// The checks the main router runs for every call, derived from the channel
// declarations: request shape, access, lock state, response shape.
import type { z } from 'zod';
import { describeIssues, fail, ok, type Result } from '../errors.ts';
import { decideAccess, type Role } from '../roles.ts';
import { channels, isChannelName, type Channels, type ContractChannelName } from './channels.ts';
import type { ResponseOf } from './define.ts';

export type ParsedRequest<N extends ContractChannelName> = z.output<Channels[N]['request']>;

export interface CallerSession {
  readonly roles: readonly Role[];
  readonly locked: boolean;
  /** First sign-in steps still to finish; any other channel than `account` ones is refused meanwhile. */
  readonly pendingSetup?: readonly string[];
  /** The desk shows the wallboard: only channels declared `onWallboard` answer. */
  readonly wallboard?: boolean;
}

export function checkChannelName(name: unknown): Result<ContractChannelName> {
  return isChannelName(name) ? ok(name) : fail('invalid_request', 'Unknown channel');
}

export function checkRequest<N extends ContractChannelName>(name: N, payload: unknown): Result<ParsedRequest<N>> {
  const parsed = channels[name].request.safeParse(payload);
  if (!parsed.success) return fail('invalid_request', describeIssues(parsed.error));
  return ok(parsed.data as ParsedRequest<N>);
}

export function checkAccess(name: ContractChannelName, session: CallerSession | null): Result<true> {
  const spec = channels[name];
  const decision = decideAccess(spec.access, session === null ? null : session.roles, session?.pendingSetup ?? []);
  if (decision === 'unauthenticated') return fail('unauthenticated', 'Sign in first');
  if (decision === 'setup_required') return fail('setup_required', 'Finish setting up your account first');
  if (decision === 'forbidden') return fail('forbidden', 'Your role does not allow this');
  if (session?.locked === true && !spec.whileLocked) return fail('session_locked', 'The session is locked');
  if (session?.wallboard === true && spec.onWallboard !== true) return fail('wallboard_mode', 'This desk shows the wallboard; lock it and unlock to use anything else');
  return ok(true);
}

/** A service answer that does not match its declared shape is a bug in main, never passed on. */
export function checkResponse<N extends ContractChannelName>(
  name: N,
  value: unknown,
): Result<ResponseOf<Channels[N]>> {
  const parsed = channels[name].response.safeParse(value);
  if (!parsed.success) return fail('internal', 'The answer did not match the contract');
  return ok(parsed.data as ResponseOf<Channels[N]>);
}

