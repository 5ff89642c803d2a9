// The one place push events leave main for the renderer. Each event's declared
// audience is enforced against the session at the moment it is sent (nothing
// but `public` events while signed out, no role-gated event while locked), its
// payload is checked against the contract, and card numbers are masked (and
// that is audited) exactly as for answers.
import type { CallerSession } from '../../shared/contract/checks.ts';
import { pushEvents, type PushEventName } from '../../shared/contract/push-events.ts';
import { decideAccess } from '../../shared/roles.ts';
import type { UserView } from '../../shared/schemas/session.ts';
import type { AuditEventInput } from '../audit/audit-queue.ts';
import { redactDeep } from './redact.ts';

export interface PushGateDeps {
  readonly caller: () => CallerSession | null;
  readonly user: () => UserView | null;
  readonly audit: { append(input: AuditEventInput): unknown };
  /** The transport to the renderer (webContents.send in the app). */
  readonly send: (event: PushEventName, payload: unknown) => void;
  readonly report: (error: unknown, where: string) => void;
}

export type Push = (event: PushEventName, payload: unknown) => void;

/** Whether the current session may receive `event` now. */
export function audienceAllows(event: PushEventName, caller: CallerSession | null): boolean {
  const audience = pushEvents[event].audience;
  if (audience === 'public') return true;
  if (caller === null) return false;
  if (audience === 'session') return true;
  // A wallboard holds nothing of a person or customer: no role-gated event (presence, feed, calls) reaches it.
  if (caller.wallboard === true) return false;
  return !caller.locked && decideAccess(audience, caller.roles, caller.pendingSetup) === 'allow';
}

export function createPushGate(deps: PushGateDeps): Push {
  return (event, payload) => {
    if (!audienceAllows(event, deps.caller())) return;
    const parsed = pushEvents[event].payload.safeParse(payload);
    if (!parsed.success) {
      deps.report(new Error(`push ${event} breaks the contract`), 'push');
      return;
    }
    const cleaned = redactDeep(parsed.data);
    if (cleaned.found > 0) {
      const user = deps.user();
      try {
        deps.audit.append({
          type: 'dlp.pan_masked',
          outcome: 'success',
          actor: user === null ? { userId: null, username: null, roles: [] } : { userId: user.userId, username: user.username, roles: user.roles },
          target: { kind: 'ipc', id: event },
          details: { masked: cleaned.found, in: 'push' },
        });
      } catch (error) {
        // The payload is already masked; a full trail must not hold back the lock screen or the status bar.
        deps.report(error, 'push');
      }
    }
    deps.send(event, cleaned.value);
  };
}
