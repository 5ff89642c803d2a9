// Devices: every enrolled desk with its last user, versions and queue head;
// revoke one with a reason, or issue an enrolment code / policy token shown once.
import { useCallback, useEffect, useState } from 'react';
import { AdminReasonSchema, type EnrolmentGrant, type EnrolmentKind, type ManagedDevice } from '../../../../shared/schemas/admin.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { when } from './format.ts';
import { OnceSecret } from './OnceSecret.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';

type Open = { kind: 'revoke'; device: ManagedDevice } | { kind: 'issue'; enrolment: EnrolmentKind } | null;
const ENROLMENT_LABELS: Record<EnrolmentKind, string> = { code: 'enrolment code', policy_token: 'policy token' };

export function DevicesTab() {
  const agent = useAgent();
  const [devices, setDevices] = useState<ManagedDevice[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [grant, setGrant] = useState<EnrolmentGrant | null>(null);
  const refresh = useCallback(async () => {
    const r = await agent.admin.devices({});
    if (r.ok) { setDevices(r.value); setError(null); } else setError(errorText(r.error));
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);

  const revoke = async (device: ManagedDevice, reason: string): Promise<string | null> => {
    const r = await agent.admin.revokeDevice({ deviceId: device.deviceId, reason });
    if (!r.ok) return errorText(r.error);
    setOpen(null);
    void refresh();
    return null;
  };
  const issue = async (kind: EnrolmentKind, reason: string): Promise<string | null> => {
    const r = await agent.admin.issueEnrolment({ kind, reason });
    if (!r.ok) return errorText(r.error);
    setOpen(null);
    setGrant(r.value);
    return null;
  };

  return (
    <section aria-labelledby="devices-title">
      <div className="section-head">
        <h2 id="devices-title">Devices</h2>
        <span>
          <button type="button" onClick={() => setOpen({ kind: 'issue', enrolment: 'code' })}>Issue enrolment code</button>{' '}
          <button type="button" onClick={() => setOpen({ kind: 'issue', enrolment: 'policy_token' })}>Issue policy token</button>
        </span>
      </div>
      {error !== null && <p className="error" role="alert">{error}</p>}
      <table aria-label="Devices">
        <thead><tr><th>Device</th><th>User</th><th>First seen</th><th>Last seen</th><th>App version</th><th>Capture protection</th><th>Queue head</th><th>Status</th><th>Actions</th></tr></thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.deviceId}>
              <td className="mono">{d.deviceId}</td>
              <td className="mono">{d.lastUser?.username ?? '—'}</td>
              <td>{when(d.firstSeenAt)}</td>
              <td>{when(d.lastSeenAt)}</td>
              <td>{d.appVersion ?? '—'}</td>
              <td>{d.captureProtection ?? '—'}</td>
              <td className="mono">{d.queueHead === null ? '—' : `#${d.queueHead.seq} ${d.queueHead.hash.slice(0, 12)}`}</td>
              <td>
                {d.status === 'active' ? 'Active' : <span className="badge danger">Revoked</span>}
                {d.status === 'revoked' && <div className="hint">{when(d.revokedAt)} by {d.revokedBy ?? '—'}{d.batchesAfterRevoke > 0 ? `; ${d.batchesAfterRevoke} flagged batches since` : ''}</div>}
              </td>
              <td>{d.status === 'active' && <button type="button" aria-label={`Revoke ${d.deviceId}`} onClick={() => setOpen({ kind: 'revoke', device: d })}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open?.kind === 'revoke' && (
        <ReasonDialog title={`Revoke ${open.device.deviceId}`} confirmLabel="Revoke device" schema={AdminReasonSchema} onConfirm={(reason) => revoke(open.device, reason)} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'issue' && (
        <ReasonDialog title={`Issue ${ENROLMENT_LABELS[open.enrolment]}`} confirmLabel="Issue" schema={AdminReasonSchema} onConfirm={(reason) => issue(open.enrolment, reason)} onClose={() => setOpen(null)} />
      )}
      {grant !== null && (
        <OnceSecret title={`New ${ENROLMENT_LABELS[grant.kind]}`} secret={grant.secret} expiresAt={grant.expiresAt} testId="enrolment-secret" onDone={() => setGrant(null)} />
      )}
    </section>
  );
}
