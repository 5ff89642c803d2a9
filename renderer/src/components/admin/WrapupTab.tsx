// Wrap-up lists for admins (issue 24): the disposition codes agents choose at
// the end of a contact and the note templates they start notes from. Entries
// are retired, never deleted, so old wrap-ups keep their code; the gateway
// refuses a card number in any text.
import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import type { NoteTemplate, WrapupCode } from '../../../../shared/schemas/wrapup.ts';
import { errorText, useAgent, type Result } from '../../agent.tsx';
import { field } from './form-field.ts';
import { when } from './format.ts';

export function WrapupTab() {
  const agent = useAgent();
  const [codes, setCodes] = useState<WrapupCode[]>([]);
  const [templates, setTemplates] = useState<NoteTemplate[]>([]);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const [c, t] = await Promise.all([agent.wrapup.codes({}), agent.wrapup.templates({})]);
    if (c.ok) setCodes(c.value);
    if (t.ok) setTemplates(t.value);
    setError(!c.ok ? errorText(c.error) : !t.ok ? errorText(t.error) : null);
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);

  // A new key after a saved entry draws its form again, empty; a refused one keeps what was typed.
  const [saved, setSaved] = useState(0);
  /** Runs a change; a refusal shows in place, a success re-reads the lists. */
  const change = async (run: () => Promise<Result<unknown>>) => {
    const r = await run();
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setSaved((n) => n + 1);
    await refresh();
  };
  const addCode = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void change(() => agent.wrapup.createCode({ code: field(form, 'code').trim().toUpperCase(), label: field(form, 'label') }));
  };
  const addTemplate = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void change(() => agent.wrapup.createTemplate({ title: field(form, 'title'), body: field(form, 'body') }));
  };

  return (
    <section aria-labelledby="wrapup-title">
      <h2 id="wrapup-title">Wrap-up</h2>
      {error !== null && <p className="error" role="alert">{error}</p>}
      <h3>Disposition codes</h3>
      <table>
        <thead>
          <tr><th scope="col">Code</th><th scope="col">Label</th><th scope="col">Added</th><th scope="col">Retired</th><th scope="col"><span className="visually-hidden">Action</span></th></tr>
        </thead>
        <tbody>
          {codes.map((c) => (
            <tr key={c.code}>
              <td>{c.code}</td>
              <td>{c.label}</td>
              <td>{when(c.createdAt)} · {c.createdBy}</td>
              <td>{when(c.retiredAt)}</td>
              <td>
                {c.retiredAt === null && (
                  <button type="button" onClick={() => void change(() => agent.wrapup.retireCode({ code: c.code }))}>Retire {c.code}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form key={`code-${String(saved)}`} onSubmit={addCode} aria-label="New disposition code">
        <label htmlFor="wrapup-code">Code</label>
        <input id="wrapup-code" name="code" required maxLength={32} autoComplete="off" />
        <label htmlFor="wrapup-label">Label</label>
        <input id="wrapup-label" name="label" required maxLength={80} autoComplete="off" />
        <button className="primary" type="submit">Add code</button>
      </form>
      <h3>Note templates</h3>
      <ul className="note-list">
        {templates.map((t) => (
          <li key={t.templateId}>
            <strong>{t.title}</strong> {t.retiredAt === null ? '' : `(retired ${when(t.retiredAt)})`}
            <br />
            {t.body}
            {t.retiredAt === null && (
              <>
                {' '}
                <button type="button" onClick={() => void change(() => agent.wrapup.retireTemplate({ templateId: t.templateId }))}>Retire “{t.title}”</button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form key={`template-${String(saved)}`} onSubmit={addTemplate} aria-label="New note template">
        <label htmlFor="template-title">Title</label>
        <input id="template-title" name="title" required maxLength={80} autoComplete="off" />
        <label htmlFor="template-body">Text</label>
        <textarea id="template-body" name="body" rows={3} required maxLength={2000} />
        <button className="primary" type="submit">Add template</button>
      </form>
    </section>
  );
}
