// Who is signed in, to which server, how the audit sync is doing, whether the
// screen is protected from capture, and the idle-lock countdown in its last minute.
import type { UserView } from '../../../shared/schemas/session.ts';
import type { AppStatus, AuditSyncStatus } from '../../../shared/schemas/status.ts';

const age = (ms: number): string => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`);

export function captureText(status: AppStatus): string {
  if (status.captureProtection === 'protected') return 'Screen capture blocked';
  if (!status.sensitiveViewsAllowed) return 'Screen capture cannot be blocked on this OS: customer views hidden by policy';
  return 'Screen capture cannot be blocked on this OS: watermarked';
}

export function StatusBar({ user, app, sync, idleSecondsLeft }: { user: UserView; app: AppStatus | null; sync: AuditSyncStatus | null; idleSecondsLeft: number | null }) {
  return (
    <footer className="statusbar" aria-label="Status">
      <span>{user.displayName} · {user.roles.join(', ')}</span>
      {app !== null && <span>Server {app.server}</span>}
      {sync !== null && (
        <span className={sync.state === 'halted' ? 'warn' : undefined}>
          Audit sync: {sync.state}
          {sync.queueDepth > 0 && ` · ${sync.queueDepth} queued`}
          {sync.oldestUnsyncedAgeMs !== null && sync.queueDepth > 0 && ` · oldest ${age(sync.oldestUnsyncedAgeMs)}`}
        </span>
      )}
      {app !== null && <span className={app.captureProtection === 'protected' ? 'ok' : 'warn'}>{captureText(app)}</span>}
      {idleSecondsLeft !== null && idleSecondsLeft <= 60 && <span className="warn" role="timer" aria-live="assertive">Locks in {idleSecondsLeft} s</span>}
    </footer>
  );
}
