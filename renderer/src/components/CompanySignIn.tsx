// "Sign in with your company account" (and, on the lock screen, "Unlock with
// your company account"): main opens the provider's page in the system browser
// and waits for its redirect; this shows that state, offers to cancel, and says
// what to do when it fails. Nothing from the provider's page reaches the desk:
// only main's answer does.
import { useEffect, useState } from 'react';
import type { SsoProvider } from '../../../shared/schemas/sso.ts';
import { errorText, useAgent } from '../agent.tsx';

const WORDING = {
  signIn: { button: 'Sign in with your company account', hint: 'Or sign in below with a desk username and password.' },
  unlock: { button: 'Unlock with your company account', hint: 'Or unlock below with your desk password.' },
} as const;

export function CompanySignIn({
  purpose = 'signIn',
  otp,
  enrolmentCode = '',
  onBusy,
}: {
  purpose?: keyof typeof WORDING;
  otp: string;
  enrolmentCode?: string;
  onBusy?: (busy: boolean) => void;
}) {
  const agent = useAgent();
  const [providers, setProviders] = useState<SsoProvider[]>([]);
  const [waiting, setWaiting] = useState<SsoProvider | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void agent.session.ssoProviders({}).then((result) => {
      // No providers, or a gateway that cannot say: the password form alone, as before single sign-on.
      if (live && result.ok) setProviders(result.value.providers);
    });
    return () => {
      live = false;
    };
  }, [agent]);

  if (providers.length === 0) return null;

  const signIn = async (provider: SsoProvider) => {
    setWaiting(provider);
    setError(null);
    onBusy?.(true);
    const code = otp === '' ? {} : { otp };
    const result =
      purpose === 'unlock'
        ? await agent.session.ssoUnlock({ provider: provider.id, ...code })
        : await agent.session.ssoSignIn({ provider: provider.id, ...code, ...(enrolmentCode === '' ? {} : { enrolmentCode }) });
    setWaiting(null);
    onBusy?.(false);
    if (!result.ok) setError(errorText(result.error));
  };

  if (waiting !== null) {
    return (
      <section className="company-sign-in" aria-labelledby="company-waiting">
        <h2 id="company-waiting">Finish signing in in your browser</h2>
        <p role="status">
          The {waiting.label} sign-in page opened in your web browser. Sign in there; this desk continues by itself when you are done.
        </p>
        <button type="button" onClick={() => void agent.session.ssoCancel({})}>
          Cancel
        </button>
      </section>
    );
  }
  return (
    <section className="company-sign-in" aria-label="Company account">
      {providers.map((provider) => (
        <button key={provider.id} type="button" className="primary" onClick={() => void signIn(provider)}>
          {providers.length === 1 ? WORDING[purpose].button : `${WORDING[purpose].button} (${provider.label})`}
        </button>
      ))}
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="hint">{WORDING[purpose].hint}</p>
    </section>
  );
}
