// First sign-in, step 1: the one-time password IT gave for one of the user's own.
import { useState, type SyntheticEvent } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../../shared/schemas/session.ts';
import { errorText, useAgent } from '../../agent.tsx';

export function ChangePassword() {
  const agent = useAgent();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (next.length < PASSWORD_MIN_LENGTH) { setError(`The new password needs at least ${PASSWORD_MIN_LENGTH} characters.`); return; }
    if (next !== repeat) { setError('The two new passwords are not the same.'); return; }
    setBusy(true);
    setError(null);
    const result = await agent.account.changePassword({ currentPassword: current, newPassword: next });
    setBusy(false);
    if (!result.ok) {
      // The gateway's own words for a rejected password (common, contains the name, used before).
      setError(errorText(result.error));
      setNext('');
      setRepeat('');
    }
  };

  return (
    <form className="card panel" onSubmit={(e) => void submit(e)} aria-labelledby="setup-password-title" noValidate>
      <h1 id="setup-password-title">Choose a new password</h1>
      <p>IT gave you a one-time password. Replace it with one only you know. Your new password must:</p>
      <ul className="rules" aria-label="Password rules">
        <li>have at least {PASSWORD_MIN_LENGTH} characters,</li>
        <li>not be a common password,</li>
        <li>not contain your name or username,</li>
        <li>not be one of your last 4 passwords.</li>
      </ul>
      <div className="field">
        <label htmlFor="setup-current">One-time password</label>
        <input id="setup-current" type="password" autoComplete="current-password" autoFocus value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="setup-new">New password</label>
        <input id="setup-new" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required minLength={PASSWORD_MIN_LENGTH} />
      </div>
      <div className="field">
        <label htmlFor="setup-repeat">Repeat the new password</label>
        <input id="setup-repeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
      </div>
      {error !== null && <p className="error" role="alert">{error}</p>}
      <button className="primary" type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save the new password'}</button>
    </form>
  );
}
