// The access review (PCI DSS 7.2.4): every account with roles, MFA, last
// sign-in, status and the changes since the last sign-off; CSV export; sign-off.
import { useCallback, useEffect, useState } from 'react';
import { SignOffRequestSchema, type AccessReview } from '../../../../shared/schemas/admin.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { downloadCsv } from './download-csv.ts';
import { when } from './format.ts';
import { ReasonDialog } from './ReasonDialog.tsx';

export function AccessReviewTab() {
  const agent = useAgent();
  const [review, setReview] = useState<AccessReview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const refresh = useCallback(async () => {
    const r = await agent.admin.accessReview({ format: 'json' });
    if (r.ok) { setReview(r.value.review); setError(null); } else setError(errorText(r.error));
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);

  const exportCsv = async () => {
    const r = await agent.admin.accessReview({ format: 'csv' });
    if (!r.ok) { setError(errorText(r.error)); return; }
    if (r.value.format !== 'csv') return;
    downloadCsv(r.value.csv, `access-review-${r.value.review.generatedAt.slice(0, 10)}.csv`);
  };
  const signOff = async (note: string): Promise<string | null> => {
    if (review === null) return 'Load the review before signing it off';
    // The sign-off acknowledges exactly the review on screen.
    const r = await agent.admin.signOffReview({ note, generatedAt: review.generatedAt, reviewHash: review.reviewHash });
    if (!r.ok) return errorText(r.error);
    setSigning(false);
    void refresh();
    return null;
  };

  const last = review?.lastSignOff ?? null;
  return (
    <section aria-labelledby="review-title">
      <div className="section-head">
        <h2 id="review-title">Access review</h2>
        <span>
          <button type="button" onClick={() => void exportCsv()}>Export CSV</button>{' '}
          <button type="button" className="primary" onClick={() => setSigning(true)}>Sign off</button>
        </span>
      </div>
      <p className="hint">{last === null ? 'Never signed off: changes are listed since the start.' : `Last signed off ${when(last.at)} by ${last.by}`}</p>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {review !== null && (
        <table aria-label="Access review">
          <thead><tr><th>Username</th><th>Name</th><th>Roles</th><th>MFA</th><th>Last sign-in</th><th>Status</th><th>Changes since last review</th></tr></thead>
          <tbody>
            {review.rows.map((row) => (
              <tr key={row.userId}>
                <td className="mono">{row.username}</td>
                <td>{row.displayName}</td>
                <td>{row.roles.join(', ')}</td>
                <td>{row.mfaEnrolled ? 'Enrolled' : 'Not enrolled'}</td>
                <td>{when(row.lastSignInAt)}</td>
                <td>{row.status}{row.disabledReason !== null ? ` (${row.disabledReason})` : ''}</td>
                <td>
                  {row.changesSinceLastReview.length === 0 ? 'None' : (
                    <ul className="changes">
                      {row.changesSinceLastReview.map((c) => <li key={`${c.at}-${c.action}`}>{when(c.at)}: {c.action} by {c.by ?? 'system'}{c.reason !== null ? ` — ${c.reason}` : ''}</li>)}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {signing && <ReasonDialog title="Sign off the access review" fieldLabel="Note" confirmLabel="Sign off review" schema={SignOffRequestSchema.shape.note} onConfirm={signOff} onClose={() => setSigning(false)} />}
    </section>
  );
}
