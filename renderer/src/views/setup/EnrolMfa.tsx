// First sign-in, step 2: the authenticator app. The otpauth URI lives in this
// component's state only, for as long as it is on screen. After an admin reset
// the account's MFA, the gateway first asks for the enrolment code the admin
// handed over (enrolment_required), and offers the new secret only then.
import { useEffect, useState, type SyntheticEvent } from 'react';
import type { MfaEnrolment } from '../../../../shared/schemas/session.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { QrCode } from '../../components/QrCode.tsx';

/** The base32 secret in groups of 4, easier to type into an app by hand. */
export function groupedSecret(otpauthUri: string): string {
  const secret = new URL(otpauthUri).searchParams.get('secret') ?? '';
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function EnrolMfa() {
  const agent = useAgent();
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [needsResetCode, setNeedsResetCode] = useState(false);
  const [resetCode, setResetCode] = useState('');

  useEffect(() => {
    let live = true;
    void agent.account.startMfa({}).then((result) => {
      if (!live) return;
      if (result.ok) setEnrolment(result.value);
      else if (result.error.code === 'enrolment_required') setNeedsResetCode(true);
      else setError(errorText(result.error));
    });
    return () => {
      live = false;
    };
  }, [agent]);

  const presentResetCode = async () => {
    setError(null);
    const result = await agent.account.startMfa({ resetCode: resetCode.trim() });
    if (!result.ok) { setError(errorText(result.error)); return; }
    setNeedsResetCode(false);
    setResetCode('');
    setEnrolment(result.value);
  };

  if (needsResetCode) {
    return (
      <form className="card panel setup-mfa" onSubmit={(e) => { e.preventDefault(); void presentResetCode(); }} aria-labelledby="setup-mfa-title" noValidate>
        <h1 id="setup-mfa-title">Set up your authenticator</h1>
        <p>An admin reset your authenticator. Enter the enrolment code they gave you.</p>
        <div className="field">
          <label htmlFor="setup-reset-code">Enrolment code</label>
          <input id="setup-reset-code" autoComplete="off" autoFocus value={resetCode} onChange={(e) => setResetCode(e.target.value)} required />
        </div>
        {error !== null && <p className="error" role="alert">{error}</p>}
        <button className="primary" type="submit">Continue</button>
      </form>
    );
  }

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) { setError('The code has 6 digits.'); return; }
    setBusy(true);
    setError(null);
    const result = await agent.account.confirmMfa({ code });
    setBusy(false);
    if (!result.ok) {
      setError(errorText(result.error));
      setCode('');
    }
  };

  return (
    <form className="card panel setup-mfa" onSubmit={(e) => void submit(e)} aria-labelledby="setup-mfa-title" noValidate>
      <h1 id="setup-mfa-title">Set up your authenticator</h1>
      <p>Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
      {enrolment === null ? (
        <p aria-busy="true">Preparing your code…</p>
      ) : (
        <div className="setup-mfa-code">
          <QrCode text={enrolment.otpauthUri} label="QR code for your authenticator app" />
          <div>
            <p className="hint">Cannot scan? Enter this key in the app:</p>
            <p className="secret" aria-label="Key for manual entry"><code>{groupedSecret(enrolment.otpauthUri)}</code></p>
          </div>
        </div>
      )}
      <div className="field">
        <label htmlFor="setup-code">6-digit code</label>
        <input id="setup-code" inputMode="numeric" autoComplete="one-time-code" autoFocus maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} required />
      </div>
      {error !== null && <p className="error" role="alert">{error}</p>}
      <button className="primary" type="submit" disabled={busy || enrolment === null}>{busy ? 'Checking…' : 'Finish setup'}</button>
    </form>
  );
}
