// Security awareness for admins (PCI DSS 12.6): who is overdue or due within
// 30 days, and publishing a new policy version (everyone acknowledges it
// again) or training module. The gateway refuses a card number in either.
import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import type { TrainingReport } from '../../../../shared/schemas/training.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { field } from './form-field.ts';
import { when } from './format.ts';
import { parseQuiz } from './quiz-text.ts';

type Only = 'all' | 'overdue' | 'due_soon';
const ONLY_LABELS: Record<Only, string> = { overdue: 'Overdue', due_soon: 'Due within 30 days', all: 'Everyone' };

const standing = (row: TrainingReport['rows'][number]): string => (row.overdue ? 'Overdue' : row.dueSoon ? 'Due soon' : 'Current');

export function TrainingTab() {
  const agent = useAgent();
  const [only, setOnly] = useState<Only>('overdue');
  const [report, setReport] = useState<TrainingReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const r = await agent.training.report({ only });
    if (r.ok) {
      setReport(r.value);
      setError(null);
    } else setError(errorText(r.error));
  }, [agent, only]);
  useEffect(() => void refresh(), [refresh]);

  const publishPolicy = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const r = await agent.training.publishPolicy({ title: field(form, 'title'), body: field(form, 'body') });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setDone(`Policy version ${String(r.value.version)} published: everyone acknowledges it before customer data opens again.`);
    void refresh();
  };
  const publishModule = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const quiz = parseQuiz(field(form, 'quiz'));
    if (!quiz.ok) {
      setError(quiz.error);
      return;
    }
    const r = await agent.training.publishModule({
      moduleId: field(form, 'moduleId'),
      title: field(form, 'title'),
      body: field(form, 'body'),
      quiz: quiz.quiz,
      passPercent: Number(form.get('passPercent')),
    });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setDone(`Module ${r.value.moduleId} version ${String(r.value.version)} published.`);
    void refresh();
  };

  return (
    <section aria-labelledby="training-report-title">
      <div className="section-head">
        <h2 id="training-report-title">Security training</h2>
        <label>
          Show{' '}
          <select value={only} onChange={(e) => setOnly(e.target.value as Only)}>
            {(Object.keys(ONLY_LABELS) as Only[]).map((key) => (
              <option key={key} value={key}>
                {ONLY_LABELS[key]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">{report === null ? '' : report.policyVersion === null ? 'No security policy published yet.' : `Policy in force: version ${String(report.policyVersion)}.`}</p>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {done !== null && <p role="status">{done}</p>}
      {report !== null && (
        <table aria-label="Training report">
          <thead><tr><th>Username</th><th>Roles</th><th>Standing</th><th>Due</th><th>Still to do</th></tr></thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.userId}>
                <td className="mono">{row.username}</td>
                <td>{row.roles.join(', ')}</td>
                <td>{standing(row)}</td>
                <td>{when(row.dueAt)}</td>
                <td>{row.items.filter((item) => item.state !== 'done').map((item) => `${item.title} (${item.state})`).join('; ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(e) => void publishPolicy(e)} aria-labelledby="publish-policy-title">
        <h3 id="publish-policy-title">Publish a new policy version</h3>
        <label htmlFor="policy-title">Title</label>
        <input id="policy-title" name="title" required minLength={3} maxLength={120} />
        <label htmlFor="policy-body">Text (markdown)</label>
        <textarea id="policy-body" name="body" required rows={6} maxLength={20_000} />
        <button type="submit" className="primary">Publish policy</button>
      </form>
      <form onSubmit={(e) => void publishModule(e)} aria-labelledby="publish-module-title">
        <h3 id="publish-module-title">Publish a training module</h3>
        <label htmlFor="module-id">Module ID</label>
        <input id="module-id" name="moduleId" required maxLength={40} />
        <label htmlFor="module-title">Title</label>
        <input id="module-title" name="title" required minLength={3} maxLength={120} />
        <label htmlFor="module-body">Text (markdown)</label>
        <textarea id="module-body" name="body" required rows={5} maxLength={20_000} />
        <label htmlFor="module-quiz">Quiz: &quot;?&quot; starts a question, &quot;-&quot; a choice, &quot;*&quot; the right choice</label>
        <textarea id="module-quiz" name="quiz" required rows={6} />
        <label htmlFor="module-pass">Pass mark (%)</label>
        <input id="module-pass" name="passPercent" type="number" required min={1} max={100} defaultValue={80} />
        <button type="submit" className="primary">Publish module</button>
      </form>
    </section>
  );
}
