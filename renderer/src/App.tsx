// The renderer's root: follows the session (signed out, locked, active) and,
// once the person's security training is current (TrainingGate), shows the
// views the user's roles allow. Customer data lives only inside the active workspace, so locking or signing out unmounts it and drops it; a lock
// keeps only where the user was (resume-point.ts), and signing out forgets it.
import { useCallback, useEffect, useState } from 'react';
import type { SessionState, UserView } from '../../shared/schemas/session.ts';
import type { AppStatus, AuditSyncStatus } from '../../shared/schemas/status.ts';
import { AgentContext, useAgent, type AgentApi } from './agent.tsx';
import { resumeFor, type DeskPoint, type ResumePoint, type WorkspaceView } from './resume-point.ts';
import { StatusBar } from './components/StatusBar.tsx';
import { Watermark } from './components/Watermark.tsx';
import { AdminView } from './views/AdminView.tsx';
import { HelpView } from './views/HelpView.tsx';
import { LockScreen } from './views/LockScreen.tsx';
import { LookupDesk } from './views/LookupDesk.tsx';
import { SignIn } from './views/SignIn.tsx';
import { AccountSetup } from './views/setup/AccountSetup.tsx';
import { SupervisorView } from './views/SupervisorView.tsx';
import { Wallboard } from './views/Wallboard.tsx';
import { TrainingGate } from './views/training/TrainingGate.tsx';
import { ReviewView } from './views/ReviewView.tsx';
import { can } from '../../shared/roles.ts';

export function App({ agent }: { agent: AgentApi }) {
  return (
    <AgentContext.Provider value={agent}>
      <Root />
    </AgentContext.Provider>
  );
}

function Root() {
  const agent = useAgent();
  const [session, setSession] = useState<SessionState | null>(null);
  const [app, setApp] = useState<AppStatus | null>(null);
  const [resume, setResume] = useState<ResumePoint | null>(null);
  useEffect(() => {
    if (session?.status === 'signed_out') setResume(null);
  }, [session]);
  useEffect(() => {
    void agent.session.state().then((r) => r.ok && setSession(r.value));
    void agent.app.status().then((r) => r.ok && setApp(r.value));
    const offSession = agent.subscribe('session.changed', setSession);
    const offApp = agent.subscribe('app.status', setApp);
    return () => {
      offSession();
      offApp();
    };
  }, [agent]);

  if (session === null) return <p className="centered" aria-busy="true">Starting…</p>;
  if (session.status === 'signed_out') return <SignIn revoked={session.reason === 'device_revoked'} enrolsByPolicy={app?.policy.enrolsByPolicy ?? false} />;
  if (session.status === 'locked') return <LockScreen session={session} />;
  if ((session.user.pendingSetup ?? []).length > 0) return <AccountSetup user={session.user} />;
  if (session.wallboard === true) return <Wallboard />;
  return (
    <TrainingGate>
      <Workspace user={session.user} app={app} resume={resumeFor(resume, session.user.userId)} onResumePoint={setResume} />
    </TrainingGate>
  );
}

/** Seconds before main's idle lock, as main pushes them; the renderer keeps no idle clock of its own. */
function useIdleCountdown(): number | null {
  const agent = useAgent();
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => agent.subscribe('idle.countdown', (countdown) => setLeft(countdown.secondsLeft)), [agent]);
  return left;
}

function Workspace({ user, app, resume, onResumePoint }: { user: UserView; app: AppStatus | null; resume: ResumePoint | null; onResumePoint: (point: ResumePoint) => void }) {
  const agent = useAgent();
  const isAgent = user.roles.includes('agent');
  const isSupervisor = user.roles.includes('supervisor');
  const isAdmin = user.roles.includes('admin');
  // The review workspace: the log review queue and the open incidents, for the roles that see either.
  const reviews = can(user.roles, 'review.read') || can(user.roles, 'incidents.read');
  const [view, setView] = useState<WorkspaceView>(resume?.view ?? (isAgent ? 'desk' : isSupervisor ? 'supervisor' : isAdmin ? 'admin' : 'review'));
  const [deskPoint, setDeskPoint] = useState<DeskPoint>(resume ?? { search: { mode: 'customerId', text: '' }, customerId: null, recent: [] });
  useEffect(() => onResumePoint({ userId: user.userId, view, ...deskPoint }), [onResumePoint, user.userId, view, deskPoint]);
  const onDeskChange = useCallback((point: DeskPoint) => setDeskPoint(point), []);
  const [sync, setSync] = useState<AuditSyncStatus | null>(null);
  const idleLeft = useIdleCountdown();

  useEffect(() => {
    void agent.audit.status().then((r) => r.ok && setSync(r.value));
    return agent.subscribe('sync.status', setSync);
  }, [agent]);

  const adminOpen = view === 'admin' && isAdmin;
  const reviewOpen = view === 'review' && reviews;
  // Administration, the review and help show accounts, desks, findings and the manuals, never customer data, so a desk without capture protection may still show them.
  const hidden = app !== null && !app.sensitiveViewsAllowed && !adminOpen && !reviewOpen && view !== 'help';
  const watermark = app !== null && app.captureProtection !== 'protected' && !hidden && <Watermark agentId={user.username} />;
  const content = hidden ? (
    <div className="card" role="alert">
      <h1>Customer views are hidden</h1>
      <p>This computer cannot keep the window out of screen captures, and IT policy requires that protection. Use a managed Windows or macOS desk.</p>
    </div>
  ) : view === 'help' ? (
    <HelpView roles={user.roles} />
  ) : view === 'review' ? (
    reviews ? <ReviewView roles={user.roles} /> : <p className="error" role="alert">The review needs the supervisor, security or admin role.</p>
  ) : view === 'admin' ? (
    isAdmin ? <AdminView /> : <p className="error" role="alert">Administration needs the admin role.</p>
  ) : view === 'supervisor' ? (
    isSupervisor ? <SupervisorView /> : <p className="error" role="alert">The supervision view needs the supervisor role.</p>
  ) : isAgent ? (
    <LookupDesk resumeFrom={resume} onChange={onDeskChange} />
  ) : (
    <p className="hint">Your role has no customer desk.</p>
  );

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Sentinel Desk</span>
        <nav aria-label="Views">
          {isAgent && <button type="button" aria-current={view === 'desk' ? 'page' : undefined} onClick={() => setView('desk')}>Lookup</button>}
          {isSupervisor && <button type="button" aria-current={view === 'supervisor' ? 'page' : undefined} onClick={() => setView('supervisor')}>Supervision</button>}
          {isAdmin && <button type="button" aria-current={view === 'admin' ? 'page' : undefined} onClick={() => setView('admin')}>Administration</button>}
          {reviews && <button type="button" aria-current={view === 'review' ? 'page' : undefined} onClick={() => setView('review')}>Review</button>}
          <button type="button" aria-current={view === 'help' ? 'page' : undefined} onClick={() => setView('help')}>Help</button>
        </nav>
        <span className="spacer" />
        <button type="button" onClick={() => void agent.session.lock()}>Lock</button>
        <button type="button" onClick={() => void agent.session.logout()}>Sign out</button>
      </header>
      {/* AdminView is its own <main aria-label="Administration">; one main landmark per page. */}
      {adminOpen ? (
        <div className="main">
          {content}
          {watermark}
        </div>
      ) : (
        <main className="main">
          {content}
          {watermark}
        </main>
      )}
      <StatusBar user={user} app={app} sync={sync} idleSecondsLeft={idleLeft} />
    </div>
  );
}
