// The security policy in force, to read and acknowledge (its version goes with
// the acknowledgement, so a newer one published meanwhile is not acknowledged by it).
import { useState } from 'react';
import type { Policy } from '../../../../shared/schemas/training.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { Markdown } from '../../components/Markdown.tsx';

export function PolicyStep({ policy, onDone, onError }: { policy: Policy; onDone: () => Promise<void>; onError: (message: string) => void }) {
  const agent = useAgent();
  const [read, setRead] = useState(false);
  const [busy, setBusy] = useState(false);
  const acknowledge = async (): Promise<void> => {
    setBusy(true);
    const r = await agent.training.acknowledge({ version: policy.version });
    setBusy(false);
    if (r.ok) await onDone();
    else onError(errorText(r.error));
  };
  return (
    <section className="card training-step" aria-labelledby="policy-title">
      <h2 id="policy-title">
        {policy.title} <span className="hint">version {policy.version}</span>
      </h2>
      <Markdown source={policy.body} headingLevel={3} />
      <label className="training-check">
        <input type="checkbox" checked={read} onChange={(e) => setRead(e.target.checked)} /> I have read this policy and will follow it
      </label>
      <button type="button" className="primary" disabled={!read || busy} onClick={() => void acknowledge()}>
        Acknowledge version {policy.version}
      </button>
    </section>
  );
}
