// "Open a privacy request" for the customer on the call: the kind, the law whose
// timeline applies, and how the caller's identity was checked. The privacy
// officer works it from there; the agent sees the request ID and due date to
// tell the caller.
import { useId, useState, type SyntheticEvent } from 'react';
import { OpenPrivacyRequestSchema } from '../../../../shared/schemas/privacy.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { KIND_LABELS, LAW_LABELS, VERIFICATION_LABELS } from '../../components/privacy/privacy-labels.ts';
import type { CustomerFormat } from '../../customer-format.ts';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => <option key={value} value={value}>{label}</option>);

export function PrivacyRequestForm({ customerId, format }: { customerId: string; format: CustomerFormat }) {
  const agent = useAgent();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState('access');
  const [law, setLaw] = useState('gdpr');
  const [verification, setVerification] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const checked = OpenPrivacyRequestSchema.safeParse({ customerId, kind, law, verification });
    if (!checked.success) {
      setProblem('Choose how the caller’s identity was verified');
      return;
    }
    const answer = await agent.privacy.open(checked.data);
    if (!answer.ok) {
      setProblem(errorText(answer.error));
      return;
    }
    setProblem(null);
    setOpen(false);
    setVerification('');
    setMessage(`Privacy request ${answer.value.requestId} opened; due ${format.date(answer.value.dueAt)}. The privacy team takes it from here.`);
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h2 id={`${id}-title`}>Privacy</h2>
        {!open && <button type="button" onClick={() => { setOpen(true); setMessage(null); }}>Open a privacy request</button>}
      </div>
      <div role="status" aria-live="polite">{message !== null && <p className="info">{message}</p>}</div>
      {open && (
        <form onSubmit={(e) => void submit(e)} aria-label="Open a privacy request">
          <div className="field">
            <label htmlFor={`${id}-kind`}>Kind of request</label>
            <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>{options(KIND_LABELS)}</select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-law`}>Law</label>
            <select id={`${id}-law`} value={law} onChange={(e) => setLaw(e.target.value)}>{options(LAW_LABELS)}</select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-verification`}>Identity verified by</label>
            <select id={`${id}-verification`} value={verification} onChange={(e) => setVerification(e.target.value)}>
              <option value="">Choose…</option>
              {options(VERIFICATION_LABELS)}
            </select>
          </div>
          {problem !== null && <p className="error" role="alert">{problem}</p>}
          <div className="actions">
            <button className="primary" type="submit">Open request</button> <button type="button" onClick={() => { setOpen(false); setProblem(null); }}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}
