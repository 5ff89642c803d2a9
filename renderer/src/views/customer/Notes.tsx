// Notes and the customer's history (extensions are written there by the
// gateway). A card number typed or pasted into a note is masked in the field at
// once, so it never sits in the page, and problems show in the page.
import { useState, type SyntheticEvent } from 'react';
import { NoteTextSchema, type CustomerDetail } from '../../../../shared/schemas/customer.ts';
import type { NoteTemplate } from '../../../../shared/schemas/wrapup.ts';
import { errorText, useAgent } from '../../agent.tsx';
import type { CustomerFormat } from '../../customer-format.ts';
import { useMaskedText } from './masked-text.ts';

export function Notes({
  customerId,
  notes,
  format,
  onAdded,
  templates = [],
}: {
  customerId: string;
  notes: CustomerDetail['notes'];
  format: CustomerFormat;
  onAdded: () => void;
  /** The admins' note templates in force: one starts the note, which the agent then edits. */
  templates?: readonly NoteTemplate[];
}) {
  const agent = useAgent();
  const [problem, setProblem] = useState<string | null>(null);
  const { text, masked, change, clear } = useMaskedText(() => setProblem(null));

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const checked = NoteTextSchema.safeParse(text);
    if (!checked.success) {
      setProblem(checked.error.issues[0]?.message ?? 'The note cannot be saved');
      return;
    }
    const answer = await agent.notes.add({ customerId, text: checked.data });
    if (!answer.ok) {
      setProblem(errorText(answer.error));
      return;
    }
    clear();
    onAdded();
  };

  return (
    <section className="card notes" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes and history</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {templates.length > 0 && (
          <>
            <label htmlFor="note-template">Start from a template</label>
            <select id="note-template" value="" onChange={(e) => change(templates.find((t) => t.templateId === e.target.value)?.body ?? text)}>
              <option value="">Choose…</option>
              {templates.map((t) => (
                <option key={t.templateId} value={t.templateId}>
                  {t.title}
                </option>
              ))}
            </select>
          </>
        )}
        <label htmlFor="note-text">New note</label>
        <textarea
          id="note-text"
          rows={3}
          maxLength={2000}
          value={text}
          onChange={(e) => change(e.target.value)}
          aria-invalid={problem !== null}
          aria-describedby={problem !== null ? 'note-problem' : masked ? 'note-masked' : undefined}
        />
        {masked && (
          <p id="note-masked" className="info" role="status">
            A card number was masked in the note: only its last 4 digits stay.
          </p>
        )}
        {problem !== null && (
          <p id="note-problem" className="error" role="alert">
            {problem}
          </p>
        )}
        <button className="primary" type="submit">Save note</button>
      </form>
      {notes.length === 0 && <p className="hint">No notes yet.</p>}
      <ul className="note-list">
        {notes.map((n) => (
          <li key={n.noteId}>
            <span className="hint">
              <time dateTime={n.at}>{format.dateTime(n.at)}</time> · {n.authorName}
            </span>
            <br />
            {n.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
