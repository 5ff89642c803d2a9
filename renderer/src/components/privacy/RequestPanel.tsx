// One data-subject request through its life: extend once with a reason, complete
// or refuse, read the export. An erasure waiting on legal holds names each hold
// (reason, owner, expiry) and lets the officer release it with a reason.
import { useState } from 'react';
import { ExtendPrivacyRequestSchema, ReleaseLegalHoldSchema, type PrivacyExport, type PrivacyRequest } from '../../../../shared/schemas/privacy.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { when } from '../admin/format.ts';
import { ReasonDialog } from '../admin/ReasonDialog.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { DUE_WORDS, KIND_LABELS, LAW_LABELS, VERIFICATION_LABELS } from './privacy-labels.ts';

type Dialog = { kind: 'extend' } | { kind: 'release'; holdId: string } | null;

export function RequestPanel({ request, onChanged }: { request: PrivacyRequest; onChanged: () => void }) {
  const agent = useAgent();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<PrivacyExport | null>(null);
  const open = request.status === 'open';

  const extend = async (reason: string): Promise<string | null> => {
    const r = await agent.privacy.extend({ requestId: request.requestId, reason });
    if (!r.ok) return errorText(r.error);
    setDialog(null);
    onChanged();
    return null;
  };
  const release = async (holdId: string, reason: string): Promise<string | null> => {
    const r = await agent.privacy.releaseHold({ holdId, reason });
    if (!r.ok) return errorText(r.error);
    setDialog(null);
    onChanged();
    return null;
  };
  const complete = async (outcome: 'completed' | 'refused') => {
    const r = await agent.privacy.complete({ requestId: request.requestId, outcome });
    setError(r.ok ? null : errorText(r.error));
    // An export read before an erasure would keep the erased person on screen: it goes with the request's end.
    if (r.ok) setExported(null);
    onChanged();
  };
  const readExport = async () => {
    const r = await agent.privacy.export({ requestId: request.requestId });
    if (r.ok) { setExported(r.value); setError(null); } else setError(errorText(r.error));
  };

  return (
    <section className="card" aria-labelledby="request-title">
      <h3 id="request-title">Request <span className="mono">{request.requestId}</span></h3>
      <dl className="summary-strip">
        <dt>Customer</dt><dd className="mono">{request.customerId}</dd>
        <dt>Kind</dt><dd>{KIND_LABELS[request.kind]}</dd>
        <dt>Law</dt><dd>{LAW_LABELS[request.law]}</dd>
        <dt>Identity verified by</dt><dd>{VERIFICATION_LABELS[request.verification]}</dd>
        <dt>Received</dt><dd>{when(request.receivedAt)} by {request.openedBy}</dd>
        <dt>Due</dt><dd>{when(request.dueAt)}: <strong>{DUE_WORDS[request.due]}</strong></dd>
        <dt>Extension</dt><dd>{request.extension === null ? 'None' : `${when(request.extension.at)}: ${request.extension.reason}`}</dd>
        <dt>Status</dt><dd>{request.status}{request.completedAt !== null && ` ${when(request.completedAt)} by ${request.completedBy ?? '—'}`}</dd>
      </dl>
      {request.waitingFor.length > 0 && (
        <div className="confirm" role="note" aria-label="Legal holds">
          <p><strong>Erasure waits for {request.waitingFor.length === 1 ? 'a legal hold' : `${request.waitingFor.length} legal holds`}:</strong></p>
          <ul>
            {request.waitingFor.map((h) => (
              <li key={h.holdId}>
                <span className="mono">{h.holdId}</span>: {h.reason} (owner {h.owner}, until {when(h.expiresAt)}){' '}
                <button type="button" onClick={() => setDialog({ kind: 'release', holdId: h.holdId })}>Release hold {h.holdId}</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error !== null && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        {open && request.extension === null && <button type="button" onClick={() => setDialog({ kind: 'extend' })}>Extend deadline</button>}{' '}
        {open && <button type="button" className="primary" onClick={() => void complete('completed')}>{request.kind === 'erasure' ? 'Complete: erase the customer' : 'Complete'}</button>}{' '}
        {open && <button type="button" onClick={() => void complete('refused')}>Refuse</button>}{' '}
        <button type="button" onClick={() => void readExport()}>Export data</button>
      </div>
      {exported !== null && <ExportPanel data={exported} onClose={() => setExported(null)} />}
      {dialog?.kind === 'extend' && (
        <ReasonDialog title={`Extend ${request.requestId}`} confirmLabel="Extend" schema={ExtendPrivacyRequestSchema.shape.reason} onConfirm={extend} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'release' && (
        <ReasonDialog title={`Release hold ${dialog.holdId}`} confirmLabel="Release" schema={ReleaseLegalHoldSchema.shape.reason} onConfirm={(reason) => release(dialog.holdId, reason)} onClose={() => setDialog(null)} />
      )}
    </section>
  );
}
