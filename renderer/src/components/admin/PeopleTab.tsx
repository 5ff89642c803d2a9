// People: every account with its roles, MFA, last sign-in and status; create
// an account (its one-time password shown once) and act on one with a reason.
// Creating an admin, or giving an admin customer data, is sent as a request
// for a second admin (shared/second-admin.ts), who approves it under Approvals.
import { useCallback, useEffect, useState } from 'react';
import { AdminReasonSchema, type ManagedUser, type MfaResetGrant, type OneTimePasswordGrant } from '../../../../shared/schemas/admin.ts';
import { DisplayNameSchema, UsernameSchema } from '../../../../shared/schemas/session.ts';
import { ROLES, type Role } from '../../../../shared/roles.ts';
import { needsSecondAdmin } from '../../../../shared/second-admin.ts';
import { errorText, useAgent, type AgentApi, type Result } from '../../agent.tsx';
import { when } from './format.ts';
import { OnceSecret } from './OnceSecret.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';

const ROLE_LABELS: Record<Role, string> = { agent: 'Agent', supervisor: 'Supervisor', admin: 'Admin', privacy: 'Privacy officer', security: 'Security' };
type Action = 'Disable' | 'Enable' | 'Unlock' | 'Reset MFA' | 'Reset password' | 'Change roles';
type Open = { kind: 'create' } | { kind: 'action'; action: Action; user: ManagedUser } | null;

const isLocked = (u: ManagedUser): boolean => u.lockedUntil !== null && Date.parse(u.lockedUntil) > Date.now();

function call(agent: AgentApi, action: Action, user: ManagedUser, reason: string, roles: Role[]): Promise<Result<ManagedUser | OneTimePasswordGrant | MfaResetGrant>> {
  const request = { userId: user.userId, reason };
  switch (action) {
    case 'Disable': return agent.admin.disableUser(request);
    case 'Enable': return agent.admin.enableUser(request);
    case 'Unlock': return agent.admin.unlockUser(request);
    case 'Reset MFA': return agent.admin.resetMfa(request);
    case 'Reset password': return agent.admin.resetPassword(request);
    case 'Change roles': return agent.admin.setRoles({ ...request, roles });
  }
}

function RoleBoxes({ roles, onChange }: { roles: Role[]; onChange: (roles: Role[]) => void }) {
  return (
    <fieldset className="field roles">
      <legend>Roles</legend>
      {ROLES.map((role) => (
        <label key={role}>
          <input type="checkbox" checked={roles.includes(role)} onChange={(e) => onChange(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))} /> {ROLE_LABELS[role]}
        </label>
      ))}
    </fieldset>
  );
}

export function PeopleTab() {
  const agent = useAgent();
  const [users, setUsers] = useState<ManagedUser[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  // A secret to hand over once: an account's one-time password, or the code of its MFA reset.
  const [grant, setGrant] = useState<{ title: string; secret: string; expiresAt: string; testId: string } | null>(null);
  const showPassword = (g: OneTimePasswordGrant) => setGrant({ title: `One-time password for ${g.user.username}`, secret: g.oneTimePassword, expiresAt: g.expiresAt, testId: 'one-time-password' });
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const requested = (username: string) => setNotice(`Sent for approval: another admin approves the change for ${username} under Approvals.`);
  const refresh = useCallback(async () => {
    const r = await agent.admin.users({});
    if (r.ok) { setUsers(r.value); setError(null); } else setError(errorText(r.error));
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);

  const openCreate = () => { setUsername(''); setDisplayName(''); setRoles(['agent']); setOpen({ kind: 'create' }); };
  const openAction = (action: Action, user: ManagedUser) => { setRoles(user.roles); setOpen({ kind: 'action', action, user }); };
  const create = async (reason: string): Promise<string | null> => {
    const name = UsernameSchema.safeParse(username);
    if (!name.success) return `Username: ${name.error.issues[0]?.message ?? 'invalid'}`;
    const display = DisplayNameSchema.safeParse(displayName);
    if (!display.success) return `Display name: ${display.error.issues[0]?.message ?? 'invalid'}`;
    if (roles.length === 0) return 'Choose at least one role.';
    if (needsSecondAdmin(null, roles)) {
      const asked = await agent.admin.requestApproval({ kind: 'create', username: name.data, displayName: display.data, roles, reason });
      if (!asked.ok) return errorText(asked.error);
      setOpen(null);
      requested(asked.value.username);
      return null;
    }
    const r = await agent.admin.createUser({ username: name.data, displayName: display.data, roles, reason });
    if (!r.ok) return errorText(r.error);
    setOpen(null);
    showPassword(r.value);
    void refresh();
    return null;
  };
  const act = async (action: Action, user: ManagedUser, reason: string): Promise<string | null> => {
    if (action === 'Change roles' && roles.length === 0) return 'Choose at least one role.';
    if (action === 'Change roles' && needsSecondAdmin(user.roles, roles)) {
      const asked = await agent.admin.requestApproval({ kind: 'roles', userId: user.userId, roles, reason });
      if (!asked.ok) return errorText(asked.error);
      setOpen(null);
      requested(user.username);
      return null;
    }
    const r = await call(agent, action, user, reason, roles);
    if (!r.ok) return errorText(r.error);
    setOpen(null);
    if ('oneTimePassword' in r.value) showPassword(r.value);
    // The person presents this code to enrol their new authenticator: the password alone is not enough.
    if ('enrolmentCode' in r.value) setGrant({ title: `MFA enrolment code for ${r.value.user.username}`, secret: r.value.enrolmentCode, expiresAt: r.value.expiresAt, testId: 'mfa-enrolment-code' });
    void refresh();
    return null;
  };

  return (
    <section aria-labelledby="people-title">
      <div className="section-head">
        <h2 id="people-title">People</h2>
        <button type="button" className="primary" onClick={openCreate}>New account</button>
      </div>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {notice !== null && <p className="hint" role="status">{notice}</p>}
      <table aria-label="Accounts">
        <thead><tr><th>Username</th><th>Name</th><th>Roles</th><th>MFA</th><th>Last sign-in</th><th>Status</th><th>Locked</th><th>Actions</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.userId}>
              <td className="mono">{u.username}</td>
              <td>{u.displayName}</td>
              <td>{u.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
              <td>{u.mfaEnrolled ? <span className="badge ok">Enrolled</span> : <span className="badge warn">Not enrolled</span>}</td>
              <td>{when(u.lastSignInAt)}</td>
              <td>{u.status === 'active' ? 'Active' : <span className="badge danger">Disabled{u.disabledReason === 'inactivity' ? ' (inactive 90 days)' : ''}</span>}{u.mustChangePassword && <div className="hint">Must change password</div>}</td>
              <td>{isLocked(u) ? <span className="badge danger">Locked</span> : 'No'}</td>
              <td><div className="row-actions">
                {u.status === 'active'
                  ? <button type="button" aria-label={`Disable ${u.username}`} onClick={() => openAction('Disable', u)}>Disable</button>
                  : <button type="button" aria-label={`Enable ${u.username}`} onClick={() => openAction('Enable', u)}>Enable</button>}
                {isLocked(u) && <button type="button" aria-label={`Unlock ${u.username}`} onClick={() => openAction('Unlock', u)}>Unlock</button>}
                <button type="button" aria-label={`Reset MFA for ${u.username}`} onClick={() => openAction('Reset MFA', u)}>Reset MFA</button>
                <button type="button" aria-label={`Reset password for ${u.username}`} onClick={() => openAction('Reset password', u)}>Reset password</button>
                <button type="button" aria-label={`Change roles for ${u.username}`} onClick={() => openAction('Change roles', u)}>Roles</button>
              </div></td>
            </tr>
          ))}
        </tbody>
      </table>
      {open?.kind === 'create' && (
        <ReasonDialog title="New account" confirmLabel="Create account" schema={AdminReasonSchema} onConfirm={create} onClose={() => setOpen(null)}>
          <div className="field"><label htmlFor="new-username">Username</label><input id="new-username" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} /></div>
          <div className="field"><label htmlFor="new-display">Display name</label><input id="new-display" autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} /></div>
          <RoleBoxes roles={roles} onChange={setRoles} />
        </ReasonDialog>
      )}
      {open?.kind === 'action' && (
        <ReasonDialog title={`${open.action} ${open.user.username}`} confirmLabel={open.action} schema={AdminReasonSchema} onConfirm={(reason) => act(open.action, open.user, reason)} onClose={() => setOpen(null)}>
          {open.action === 'Change roles' && <RoleBoxes roles={roles} onChange={setRoles} />}
        </ReasonDialog>
      )}
      {grant !== null && (
        <OnceSecret title={grant.title} secret={grant.secret} expiresAt={grant.expiresAt} testId={grant.testId} onDone={() => setGrant(null)} />
      )}
    </section>
  );
}
