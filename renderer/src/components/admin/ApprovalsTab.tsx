// Approvals: the changes that need a second admin (creating an admin, giving an
// admin a role that reads customer data). Each request is approved or rejected
// with a reason, by an admin other than the one who asked; approving a new
// account shows its one-time password once. The gateway decides who may.
import { useCallback, useEffect, useState } from 'react';
import type { AdminApproval } from '../../../../shared/schemas/admin-approvals.ts';
import { AdminReasonSchema } from '../../../../shared/schemas/admin.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { when } from './format.ts';
import { OnceSecret } from './OnceSecret.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';

type Decision = 'Approve' | 'Reject';
type Open = { decision: Decision; approval: AdminApproval } | null;
const STATUS_LABELS: Record<AdminApproval['status'], string> = { pending: 'Waiting', approved: 'Approved', rejected: 'Rejected', expired: 'Expired' };

export function ApprovalsTab() {
  const agent = useAgent();
  const [approvals, setApprovals] = useState<AdminApproval[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  // A new account's one-time password, to hand over once.
  const [created, setCreated] = useState<{ username: string; password: string; expiresAt: string } | null>(null);
  const refresh = useCallback(async () => {
    const r = await agent.admin.approvals({});
    if (r.ok) { setApprovals(r.value); setError(null); } else setError(errorText(r.error));
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);

  const decide = async (decision: Decision, approval: AdminApproval, reason: string): Promise<string | null> => {
    const request = { approvalId: approval.approvalId, reason };
    if (decision === 'Reject') {
      const r = await agent.admin.rejectApproval(request);
      if (!r.ok) return errorText(r.error);
    } else {
      const r = await agent.admin.approve(request);
      if (!r.ok) return errorText(r.error);
      const { user, oneTimePassword, expiresAt } = r.value;
      if (oneTimePassword !== null) setCreated({ username: user.username, password: oneTimePassword, expiresAt: expiresAt ?? approval.expiresAt });
    }
    setOpen(null);
    void refresh();
    return null;
  };

  return (
    <section aria-labelledby="approvals-title">
      <h2 id="approvals-title">Approvals</h2>
      <p className="hint">Creating an admin, or giving an admin a role that reads customer data, takes a second admin. Nobody approves their own request.</p>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {approvals.length === 0 && error === null && <p className="hint">No requests.</p>}
      <table aria-label="Approval requests">
        <thead><tr><th>Account</th><th>Change</th><th>Roles</th><th>Asked by</th><th>Reason</th><th>Expires</th><th>Status</th><th>Actions</th></tr></thead>
        <tbody>
          {approvals.map((a) => (
            <tr key={a.approvalId}>
              <td className="mono">{a.username}</td>
              <td>{a.kind === 'create' ? 'New account' : 'Roles'}</td>
              <td>{a.roles.join(', ')}</td>
              <td className="mono">{a.requestedBy}</td>
              <td>{a.reason}</td>
              <td>{when(a.expiresAt)}</td>
              <td>{STATUS_LABELS[a.status]}{a.decidedBy !== null && <div className="hint">by {a.decidedBy}</div>}</td>
              <td>{a.status === 'pending' && (
                <div className="row-actions">
                  <button type="button" aria-label={`Approve ${a.username}`} onClick={() => setOpen({ decision: 'Approve', approval: a })}>Approve</button>
                  <button type="button" aria-label={`Reject ${a.username}`} onClick={() => setOpen({ decision: 'Reject', approval: a })}>Reject</button>
                </div>
              )}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open !== null && (
        <ReasonDialog title={`${open.decision} ${open.approval.username}`} confirmLabel={open.decision} schema={AdminReasonSchema} onConfirm={(reason) => decide(open.decision, open.approval, reason)} onClose={() => setOpen(null)} />
      )}
      {created !== null && (
        <OnceSecret title={`One-time password for ${created.username}`} secret={created.password} expiresAt={created.expiresAt} testId="one-time-password" onDone={() => setCreated(null)} />
      )}
    </section>
  );
}
