// The privacy officer's workspace (issue 27): every data-subject request with
// its status and deadline in words, one request worked through its life, and
// legal holds placed here and released from the request they hold up.
import { useCallback, useEffect, useState } from 'react';
import type { PrivacyRequest } from '../../../shared/schemas/privacy.ts';
import { errorText, useAgent } from '../agent.tsx';
import { when } from '../components/admin/format.ts';
import { PlaceHoldButton } from '../components/privacy/PlaceHoldButton.tsx';
import { DUE_WORDS, KIND_LABELS } from '../components/privacy/privacy-labels.ts';
import { RequestPanel } from '../components/privacy/RequestPanel.tsx';

export function PrivacyView() {
  const agent = useAgent();
  const [requests, setRequests] = useState<PrivacyRequest[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [placed, setPlaced] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const r = await agent.privacy.requests({});
    if (r.ok) { setRequests(r.value.requests); setError(null); } else setError(errorText(r.error));
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);
  const current = requests?.find((r) => r.requestId === selected) ?? null;

  return (
    <section aria-labelledby="privacy-title">
      <div className="section-head">
        <h1 id="privacy-title">Privacy requests</h1>
        <span>
          <PlaceHoldButton onPlaced={(holdId) => { setPlaced(holdId); void refresh(); }} />{' '}
          <button type="button" onClick={() => void refresh()}>Refresh</button>
        </span>
      </div>
      <div role="status" aria-live="polite">{placed !== null && <p className="info">Legal hold {placed} placed.</p>}</div>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {requests === null ? (
        <p aria-busy="true">Loading requests…</p>
      ) : requests.length === 0 ? (
        <p className="hint">No data-subject requests.</p>
      ) : (
        <table aria-label="Privacy requests">
          <thead><tr><th>Request</th><th>Customer</th><th>Kind</th><th>Law</th><th>Received</th><th>Due</th><th>Deadline</th><th>Status</th></tr></thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.requestId} aria-selected={r.requestId === selected}>
                <td><button type="button" className="link mono" onClick={() => setSelected(r.requestId)}>{r.requestId}</button></td>
                <td className="mono">{r.customerId}</td>
                <td>{KIND_LABELS[r.kind]}</td>
                <td>{r.law.toUpperCase()}</td>
                <td>{when(r.receivedAt)}</td>
                <td>{when(r.dueAt)}</td>
                <td className={r.due === 'overdue' ? 'exception' : r.due === 'due_soon' ? 'warn' : undefined}>{DUE_WORDS[r.due]}{r.waitingFor.length > 0 && ', on legal hold'}</td>
                <td>{r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current !== null && <RequestPanel key={current.requestId} request={current} onChanged={() => void refresh()} />}
    </section>
  );
}
