// Failures of critical security controls (PCI DSS 10.7.2, 10.7.3): the open
// incidents with their control, desks and times. A restored one closes with
// its whole analysis; each field is checked by the gateway's own schema first.
import { useCallback, useEffect, useId, useState, type SyntheticEvent } from 'react';
import { CloseIncidentRequestSchema, type CloseIncidentRequest, type Incident } from '../../../../shared/schemas/incidents.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { when } from '../admin/format.ts';

const FIELDS: readonly [keyof CloseIncidentRequest, string][] = [
  ['rootCause', 'Root cause'],
  ['restoration', 'How it was restored'],
  ['securityIssues', 'Security issues during the outage'],
  ['riskAssessment', 'Risk assessment'],
  ['prevention', 'Prevention'],
];

const EMPTY: CloseIncidentRequest = { rootCause: '', restoration: '', securityIssues: '', riskAssessment: '', prevention: '' };

export function IncidentsPanel({ canClose }: { canClose: boolean }) {
  const agent = useAgent();
  const [incidents, setIncidents] = useState<Incident[]>([]);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const r = await agent.review.incidents({ status: 'open' });
    if (r.ok) {
      setIncidents(r.value);
      setError(null);
    } else setError(errorText(r.error));
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);
  return (
    <section aria-labelledby="incidents-title">
      <h2 id="incidents-title">Open incidents</h2>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {incidents.length === 0 && error === null && <p className="hint">No open incidents.</p>}
      {incidents.map((incident) => (
        <IncidentCard key={incident.incidentId} incident={incident} canClose={canClose} onClosed={() => void refresh()} />
      ))}
    </section>
  );
}

function IncidentCard({ incident, canClose, onClosed }: { incident: Incident; canClose: boolean; onClosed: () => void }) {
  const agent = useAgent();
  const id = useId();
  const [fields, setFields] = useState<Partial<CloseIncidentRequest>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    // A field never typed in counts as empty, so its message says how much it needs.
    const parsed = CloseIncidentRequestSchema.safeParse({ ...EMPTY, ...fields });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const label = FIELDS.find(([key]) => key === issue?.path[0])?.[1] ?? 'The analysis';
      setError(`${label}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    setError(null);
    setBusy(true);
    const r = await agent.review.closeIncident({ incidentId: incident.incidentId, ...parsed.data });
    setBusy(false);
    if (r.ok) onClosed();
    else setError(errorText(r.error));
  };
  return (
    <article className="card incident" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {incident.control.replaceAll('_', ' ')} <span className={`badge ${incident.status === 'ongoing' ? 'warn' : ''}`}>{incident.status}</span>
      </h3>
      <dl className="incident-facts">
        <dt>Desks</dt>
        <dd>{incident.deviceIds.join(', ')}</dd>
        <dt>Started</dt>
        <dd>{when(incident.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>{when(incident.endedAt)}</dd>
        <dt>Detected</dt>
        <dd>{when(incident.detectedAt)}</dd>
      </dl>
      {canClose && incident.status === 'restored' && (
        <form onSubmit={(e) => void submit(e)}>
          {FIELDS.map(([key, label]) => (
            <div className="field" key={key}>
              <label htmlFor={`${id}-${key}`}>{label}</label>
              <textarea id={`${id}-${key}`} rows={2} value={fields[key] ?? ''} onChange={(e) => setFields((f) => ({ ...f, [key]: e.target.value }))} />
            </div>
          ))}
          {error !== null && <p className="error" role="alert">{error}</p>}
          <button type="submit" disabled={busy}>
            Close incident
          </button>
        </form>
      )}
    </article>
  );
}
