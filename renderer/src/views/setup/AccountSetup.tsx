// The first sign-in: while the session has pending setup steps this is the
// only view (main refuses every other channel with setup_required anyway).
import type { UserView } from '../../../../shared/schemas/session.ts';
import { useAgent } from '../../agent.tsx';
import { ChangePassword } from './ChangePassword.tsx';
import { EnrolMfa } from './EnrolMfa.tsx';

export function AccountSetup({ user }: { user: UserView }) {
  const agent = useAgent();
  const pending = user.pendingSetup ?? [];
  return (
    <main className="centered setup">
      {pending.includes('password_change') ? <ChangePassword /> : <EnrolMfa />}
      <button type="button" className="link" onClick={() => void agent.session.logout()}>Sign out</button>
    </main>
  );
}
