// The audit descriptions several channels share; each channel names its own
// next to its declaration. Only identifiers and counts.
import type { AuditDescription, ChannelName } from './define.ts';

/** Sign-in, sign-out and unlock: the session is the target; the actor says who. */
export const sessionEvent = (): AuditDescription => ({ target: { kind: 'session', id: null }, details: {} });

/** An account-setup step by its name only: never the password, the otpauth URI or its secret, nor the code. */
export const accountStep =
  (action: string) =>
  (): AuditDescription => ({ target: { kind: 'account', id: null }, details: { action } });

/** A list view: which list, and how many rows it showed. */
export const listView =
  (channel: ChannelName) =>
  (_request: unknown, response: readonly unknown[] | null): AuditDescription => ({
    target: { kind: 'app', id: channel },
    details: { results: response?.length ?? 0 },
  });

/** An admin action on a person: the account and what was done; the typed reason goes to the gateway, which records it. */
export const accountAction =
  (action: string) =>
  (request: { readonly userId: string } | null): AuditDescription => ({ target: { kind: 'account', id: request?.userId ?? null }, details: { action } });

/** An alert acknowledged: which one, never the note's text. */
export const alertAck = (request: { readonly alertId: string } | null): AuditDescription => ({ target: { kind: 'alert', id: request?.alertId ?? null }, details: {} });
