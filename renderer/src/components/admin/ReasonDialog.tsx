// One dialog for every admin action: a reason (or note) the admin types, which
// lands in the audit trail. Enter submits, Escape closes, and focus goes back
// to the button that opened it.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type SyntheticEvent } from 'react';
import type { z } from 'zod';

export interface ReasonDialogProps {
  title: string;
  confirmLabel: string;
  /** The text field's label: "Reason" for actions, "Note" for a sign-off. */
  fieldLabel?: string;
  schema: z.ZodType<string>;
  /** Further fields above the reason (the create form's username, roles ...). */
  children?: ReactNode;
  /** Returns an error to show in place, or null when done. */
  onConfirm: (text: string) => Promise<string | null>;
  onClose: () => void;
}

export function ReasonDialog({ title, confirmLabel, fieldLabel = 'Reason', schema, children, onConfirm, onClose }: ReasonDialogProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    first.current?.querySelector<HTMLElement>('input, textarea')?.focus();
    return () => opener?.focus();
  }, []);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const parsed = schema.safeParse(text);
    if (!parsed.success) {
      setError(`${fieldLabel}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    setBusy(true);
    const failure = await onConfirm(parsed.data);
    setBusy(false);
    setError(failure);
  };
  const keys = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'Enter' && !event.shiftKey && event.target instanceof HTMLTextAreaElement) {
      event.preventDefault();
      event.target.form?.requestSubmit();
    }
  };
  return (
    <div className="backdrop">
      <div className="card dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} onKeyDown={keys} ref={first}>
        <h2 id={`${id}-title`}>{title}</h2>
        <form onSubmit={(e) => void submit(e)}>
          {children}
          <div className="field">
            <label htmlFor={`${id}-text`}>{fieldLabel}</label>
            <textarea id={`${id}-text`} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
            <p className="hint">Recorded in the audit trail. Shift+Enter for a new line.</p>
          </div>
          {error !== null && <p className="error" role="alert">{error}</p>}
          <div className="actions">
            <button className="primary" type="submit" disabled={busy}>{confirmLabel}</button> <button type="button" onClick={onClose}>Cancel</button>
          </div>
        </form>
      </div>
    </div>
  );
}
