// The lock screen hides everything behind it; unlocking re-authenticates, with
// the desk password or, where the gateway offers one, the company account.
import { useState, type SyntheticEvent } from 'react';
import type { SessionState } from '../../../shared/schemas/session.ts';
import { errorText, useAgent } from '../agent.tsx';
import { CompanySignIn } from '../components/CompanySignIn.tsx';

const REASONS: Record<Extract<SessionState, { status: 'locked' }>['reason'], string> = {
  idle: 'after inactivity',
  manual: 'by you',
  os_lock: 'when the computer was locked',
  suspend: 'when the computer went to sleep',
  expired: 'because the session expired',
};

export function LockScreen({ session }: { session: Extract<SessionState, { status: 'locked' }> }) {
  const agent = useAgent();
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [error, setError] = useState<string | null>(null);

  // The gateway asks an MFA account for a code on every re-authentication, whatever the desk's policy says.
  // Its refusal speaks of a username too (it says no more at sign-in); this screen has none to get wrong.
  const otpNeeded = session.otpRequired || session.user.mfaEnabled;

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    const result = await agent.session.unlock({ password, ...(otp === '' ? {} : { otp }) });
    setPassword('');
    setOtp('');
    if (!result.ok) setError(result.error.code === 'invalid_credentials' ? (otpNeeded ? 'Wrong password or one-time code.' : 'Wrong password.') : errorText(result.error));
  };

  return (
    <main className="centered">
      <form className="card panel" onSubmit={(e) => void submit(e)} aria-labelledby="lock-title">
        <h1 id="lock-title">Desk locked</h1>
        <p>
          {session.user.displayName} ({session.user.username}), locked {REASONS[session.reason]} at{' '}
          <time dateTime={session.lockedAt}>{new Date(session.lockedAt).toLocaleTimeString(undefined, { timeZoneName: 'short' })}</time>.
        </p>
        <CompanySignIn purpose="unlock" otp={otp} />
        <div className="field">
          <label htmlFor="unlock-password">Password</label>
          <input id="unlock-password" type="password" autoComplete="current-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        {otpNeeded && (
          <div className="field">
            <label htmlFor="unlock-otp">One-time code</label>
            <input id="unlock-otp" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={otp} onChange={(e) => setOtp(e.target.value.replace(/\D/g, ''))} required />
          </div>
        )}
        {error !== null && <p className="error" role="alert">{error}</p>}
        <div className="search-row">
          <button className="primary" type="submit">Unlock</button>
          <button type="button" onClick={() => void agent.session.logout()}>Sign out</button>
        </div>
      </form>
    </main>
  );
}
