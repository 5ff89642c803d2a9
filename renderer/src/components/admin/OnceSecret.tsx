// A secret (one-time password, enrolment code) shown once: it lives only in
// this component's state, never in storage or logs, and leaves the DOM when
// the admin confirms the hand-over.
import { useEffect, useRef } from 'react';

export function OnceSecret({ title, secret, expiresAt, testId, onDone }: { title: string; secret: string; expiresAt: string; testId: string; onDone: () => void }) {
  const done = useRef<HTMLButtonElement>(null);
  useEffect(() => done.current?.focus(), []);
  return (
    <div className="backdrop">
      <div className="card dialog" role="dialog" aria-modal="true" aria-label={title} onKeyDown={(e) => e.key === 'Escape' && onDone()}>
        <h2>{title}</h2>
        <p>Hand this to the person now. It is shown once and cannot be shown again.</p>
        <p className="secret mono" data-testid={testId}>{secret}</p>
        <p className="hint">Valid until <time dateTime={expiresAt}>{new Date(expiresAt).toLocaleString()}</time>.</p>
        <button className="primary" type="button" ref={done} onClick={onDone}>I have handed it over</button>
      </div>
    </div>
  );
}
