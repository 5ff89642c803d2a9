// Who a request speaks for: the signed-in user on one device in one session,
// as the access token carries it (identity/tokens.ts signs and verifies it).
import type { Role } from '../../shared/roles.ts';
import type { PendingSetup } from '../../shared/schemas/session.ts';

export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly deviceId: string;
  /** The refresh-token family, i.e. the session; revoking it ends every token of the session. */
  readonly familyId: string;
  /** First sign-in steps still to do; while any is left the session reaches the account-setup routes only. */
  readonly pendingSetup: readonly PendingSetup[];
}
