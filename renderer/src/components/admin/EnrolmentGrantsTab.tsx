// Enrolment: every code and policy token issued for new desks, never their
// secrets; what is still usable can be revoked with a reason, after which no
// desk enrols with it.
import { useCallback, useEffect, useState } from 'react';
import { AdminReasonSchema, type EnrolmentGrantView } from '../../../../shared/schemas/admin.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { when } from './format.ts';
import { ReasonDialog } from './ReasonDialog.tsx';

const KIND_LABELS: Record<EnrolmentGrantView['kind'], string> = { code: 'Code', policy_token: 'Policy token' };
const STATUS_LABELS: Record<EnrolmentGrantView['status'], string> = { usable: 'Usable', used: 'Used', expired: 'Expired', revoked: 'Revoked' };

export function EnrolmentGrantsTab() {
  const agent = useAgent();
  const [grants, setGrants] = useState<EnrolmentGrantView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<EnrolmentGrantView | null>(null);
  const refresh = useCallback(async () => {
    const r = await agent.admin.enrolmentGrants({});
    if (r.ok) { setGrants(r.value); setError(null); } else setError(errorText(r.error));
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);

  const revoke = async (grant: EnrolmentGrantView, reason: string): Promise<string | null> => {
    const r = await agent.admin.revokeEnrolment({ grantId: grant.grantId, reason });
    if (!r.ok) return errorText(r.error);
    setRevoking(null);
    void refresh();
    return null;
  };

  return (
    <section aria-labelledby="enrolment-title">
      <h2 id="enrolment-title">Enrolment</h2>
      {error !== null && <p className="error" role="alert">{error}</p>}
      <table aria-label="Enrolment grants">
        <thead><tr><th>Kind</th><th>For</th><th>Reason</th><th>Issued by</th><th>Issued</th><th>Expires</th><th>Status</th><th>Actions</th></tr></thead>
        <tbody>
          {grants.map((g) => (
            <tr key={g.grantId}>
              <td>{KIND_LABELS[g.kind]}</td>
              <td className="mono">{g.forUser ?? 'Any account'}</td>
              <td>{g.reason}</td>
              <td className="mono">{g.issuedBy ?? '—'}</td>
              <td>{when(g.issuedAt)}</td>
              <td>{when(g.expiresAt)}</td>
              <td>{g.status === 'revoked' ? <span className="badge danger">Revoked</span> : STATUS_LABELS[g.status]}{g.status === 'revoked' && <div className="hint">{when(g.revokedAt)} by {g.revokedBy ?? '—'}</div>}</td>
              <td>{g.status === 'usable' && <button type="button" aria-label={`Revoke ${KIND_LABELS[g.kind].toLowerCase()} ${g.grantId}`} onClick={() => setRevoking(g)}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoking !== null && (
        <ReasonDialog title={`Revoke ${KIND_LABELS[revoking.kind].toLowerCase()}`} confirmLabel="Revoke grant" schema={AdminReasonSchema} onConfirm={(reason) => revoke(revoking, reason)} onClose={() => setRevoking(null)} />
      )}
    </section>
  );
}
