// Sign-in: the company account (single sign-on) where the gateway offers one,
// or username, password and one-time code, with clear errors. An unknown
// desk also asks for the enrolment code IT issued (up front when the agent says
// the desk is new, or once the gateway says so), unless the managed policy's
// token enrols it without asking anyone. A refusal keeps what it did not refuse:
// only a wrong password or code is cleared.
import { useEffect, useState, type SyntheticEvent } from 'react';
import type { ErrorCode } from '../../../shared/errors.ts';
import { canonicalEnrolmentSecret } from '../../../shared/schemas/admin.ts';
import { DEVICE_REVOKED_TEXT, errorText, useAgent } from '../agent.tsx';
import { CompanySignIn } from '../components/CompanySignIn.tsx';

/** The field a refusal sends the person to, by its code, and whether it clears the password and code. */
const AFTER_REFUSAL: Partial<Record<ErrorCode, { focus: string; clear: boolean }>> = {
  invalid_credentials: { focus: 'password', clear: true },
  enrolment_required: { focus: 'enrolment-code', clear: false },
};
/**
 * The gateway gives one refusal for every wrong factor, a missing code included, so that it never confirms a
 * password. Sent without a code, the password may well be right: it stays, and the code field is next.
 */
const WITHOUT_CODE = { focus: 'otp', clear: false };

export function SignIn({ revoked = false, enrolsByPolicy = false }: { revoked?: boolean; enrolsByPolicy?: boolean }) {
  const agent = useAgent();
  const [enrolmentAsked, setEnrolmentAsked] = useState(false);
  const [enrolmentCode, setEnrolmentCode] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [error, setError] = useState<string | null>(revoked ? DEVICE_REVOKED_TEXT : null);
  const [focus, setFocus] = useState<{ field: string } | null>(null);
  const askCode = enrolmentAsked && !enrolsByPolicy;
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (focus !== null) document.getElementById(focus.field)?.focus();
  }, [focus]);

  const askForCode = () => {
    setEnrolmentAsked(true);
    setFocus({ field: 'enrolment-code' });
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const code = canonicalEnrolmentSecret(enrolmentCode);
    const result = await agent.session.login({ username, password, ...(otp === '' ? {} : { otp }), ...(askCode && code !== '' ? { enrolmentCode: code } : {}) });
    setBusy(false);
    if (result.ok) return;
    const withoutCode = result.error.code === 'invalid_credentials' && otp === '';
    const after = withoutCode ? WITHOUT_CODE : (AFTER_REFUSAL[result.error.code] ?? { focus: 'password', clear: true });
    if (after.clear) {
      setPassword('');
      setOtp('');
    }
    if (result.error.code === 'enrolment_required') setEnrolmentAsked(true);
    setFocus({ field: after.focus });
    setError(withoutCode ? `${errorText(result.error)}. If your account uses an authenticator app, add its code.` : errorText(result.error));
  };

  return (
    <main className="centered">
      <form className="card panel" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Sentinel Desk</h1>
        <CompanySignIn otp={otp} enrolmentCode={askCode ? canonicalEnrolmentSecret(enrolmentCode) : ''} onBusy={setBusy} />
        <div className="field">
          <label htmlFor="username">Username</label>
          <input id="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="otp">One-time code</label>
          <input id="otp" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} value={otp} onChange={(e) => setOtp(e.target.value.replace(/\D/g, ''))} aria-describedby="otp-hint" />
          <div id="otp-hint" className="hint">Required when your account uses an authenticator app.</div>
        </div>
        {askCode && (
          <div className="field">
            <label htmlFor="enrolment-code">Enrolment code</label>
            <input id="enrolment-code" autoComplete="off" spellCheck={false} value={enrolmentCode} onChange={(e) => setEnrolmentCode(e.target.value)} aria-describedby="enrolment-hint" required />
            <div id="enrolment-hint" className="hint">This desk is new. Enter the enrolment code IT gave you for it, with or without spaces or dashes.</div>
          </div>
        )}
        {error !== null && <p className="error" role="alert">{error}</p>}
        <button className="primary" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        {!askCode && !enrolsByPolicy && (
          <button type="button" className="link" onClick={askForCode}>
            New desk? Enter its enrolment code
          </button>
        )}
      </form>
    </main>
  );
}
