// The training gate (PCI DSS 12.6): after sign-in, and after each unlock, the
// desk asks the gateway for the person's training; until the current policy
// is acknowledged and every module passed, this is all it shows. The gateway
// refuses customer data meanwhile anyway (training_required); this view is
// the way through, not the lock. A refusal for training in the workspace
// brings the gate back at once (training-watch.ts).
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TrainingOverview } from '../../../../shared/schemas/training.ts';
import { AgentContext, errorText, useAgent } from '../../agent.tsx';
import { PolicyStep } from './PolicyStep.tsx';
import { QuizStep } from './QuizStep.tsx';
import { watchTraining } from './training-watch.ts';

export function TrainingGate({ children }: { children: ReactNode }) {
  const agent = useAgent();
  const [overview, setOverview] = useState<TrainingOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await agent.training.overview({});
    if (r.ok) {
      setOverview(r.value);
      setError(null);
    } else setError(errorText(r.error));
  }, [agent]);
  useEffect(() => {
    void load();
  }, [load]);
  const watched = useMemo(() => watchTraining(agent, () => void load()), [agent, load]);

  if (overview?.status.compliant === true) return <AgentContext.Provider value={watched}>{children}</AgentContext.Provider>;
  const signOut = (
    <button type="button" className="link" onClick={() => void agent.session.logout()}>
      Sign out
    </button>
  );
  if (overview === null) {
    return (
      <main className="centered setup">
        {error === null ? (
          <p aria-busy="true">Checking your security training…</p>
        ) : (
          <>
            <div className="card" role="alert">
              <p className="error">{error}</p>
              <button type="button" className="primary" onClick={() => void load()}>
                Try again
              </button>
            </div>
            {signOut}
          </>
        )}
      </main>
    );
  }
  const open = (subject: string): boolean => overview.status.items.some((item) => item.subject === subject && item.state !== 'done');
  const policy = overview.policy !== null && open('policy') ? overview.policy : null;
  const modules = overview.modules.filter((module) => open(module.moduleId));
  const todo = overview.status.items.filter((item) => item.state !== 'done').length;
  return (
    <main className="training" aria-labelledby="training-title">
      <header className="training-head">
        <h1 id="training-title">Security training</h1>
        <p>
          Before the desk opens, read and acknowledge the security policy and pass the training quiz. Everyone does this when they join, every 12 months,
          and again when the policy changes. {todo === 1 ? '1 step is' : `${String(todo)} steps are`} left.
        </p>
        {signOut}
      </header>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {policy !== null && <PolicyStep policy={policy} onDone={load} onError={setError} />}
      {modules.map((module) => (
        <QuizStep key={`${module.moduleId}:${String(module.version)}`} module={module} onDone={load} onError={setError} />
      ))}
    </main>
  );
}
