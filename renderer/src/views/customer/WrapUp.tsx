// The end of a customer contact (issue 24): the agent picks a disposition code
// in force and may add a note (a card number typed into it is masked at once,
// as in notes, and one that still gets through is refused by the request check).
// Until the gateway has stored it, the contact stays open.
import { useState, type SyntheticEvent } from 'react';
import { RecordWrapupRequestSchema, type Wrapup, type WrapupOptions } from '../../../../shared/schemas/wrapup.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { useMaskedText } from './masked-text.ts';

export function WrapUp({ customerId, options, onDone, onCancel }: { customerId: string; options: WrapupOptions; onDone: (wrapup: Wrapup) => void; onCancel: () => void }) {
  const agent = useAgent();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { text: note, masked, change } = useMaskedText(() => setProblem(null));

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (code === '') {
      setProblem('Choose a wrap-up code to end the contact');
      return;
    }
    const checked = RecordWrapupRequestSchema.safeParse({ code, ...(note.trim() === '' ? {} : { note }) });
    if (!checked.success) {
      setProblem(checked.error.issues[0]?.message ?? 'The wrap-up cannot be saved');
      return;
    }
    const answer = await agent.wrapup.record({ customerId, ...checked.data });
    if (!answer.ok) {
      setProblem(errorText(answer.error));
      return;
    }
    onDone(answer.value);
  };

  return (
    <section className="card wrapup" aria-labelledby="wrapup-step-title">
      <h2 id="wrapup-step-title">Wrap up {customerId}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="wrapup-step-code">Wrap-up code{options.required ? ' (required)' : ''}</label>
        <select
          id="wrapup-step-code"
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            setProblem(null);
          }}
          aria-invalid={problem !== null && code === ''}
        >
          <option value="">Choose…</option>
          {options.codes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} — {c.label}
            </option>
          ))}
        </select>
        <label htmlFor="wrapup-step-note">Wrap-up note (optional)</label>
        <textarea id="wrapup-step-note" rows={2} maxLength={2000} value={note} onChange={(e) => change(e.target.value)} aria-describedby={masked ? 'wrapup-step-masked' : undefined} />
        {masked && (
          <p id="wrapup-step-masked" className="info" role="status">
            A card number was masked in the note: only its last 4 digits stay.
          </p>
        )}
        {problem !== null && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button className="primary" type="submit">Wrap up and end contact</button>{' '}
        <button type="button" onClick={onCancel}>Back to the customer</button>
      </form>
    </section>
  );
}
