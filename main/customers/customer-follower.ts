// Keeps the customer open on the agent's screen current. While one is followed,
// each poll asks the gateway for its revision (cheap, unaudited, no customer
// data); only when that differs from what the screen shows does it read the
// customer again through the router, which audits it like any read the agent
// makes and the gateway caps it, and push the fresh view as `customer.updated`.
// A read that fails (the cap reached, say) is pushed as `unavailable` and ends
// the following: retrying it every second would only pile up refusals.
import type { ErrorInfo, Result } from '../../shared/errors.ts';
import type { CustomerDetail } from '../../shared/schemas/customer.ts';
import { ApiError, type ApiClient } from '../api/api-client.ts';
import type { Push } from '../ipc/push-gate.ts';

export interface CustomerFollower {
  follow(customerId: string, revision: string): void;
  /** Stops following `customerId` (a later follow of another customer has already replaced it otherwise). */
  unfollow(customerId: string): void;
  poll(): Promise<void>;
  /** Sign-out and lock: nothing is followed until the screen asks again. */
  reset(): void;
}

/** Answers of the revision route that end the following: the view is too old to follow, or the role is gone. */
const FINAL: ReadonlySet<ErrorInfo['code']> = new Set(['not_found', 'forbidden']);

export function createCustomerFollower(deps: {
  api: Pick<ApiClient, 'call'>;
  /** An audited read of the customer: the router's customers.get. */
  read: (customerId: string) => Promise<Result<CustomerDetail>>;
  push: Push;
}): CustomerFollower {
  let followed: { readonly customerId: string; readonly revision: string } | null = null;
  let polling = false;

  const check = async (watching: { readonly customerId: string; readonly revision: string }): Promise<void> => {
    let revision: string;
    try {
      ({ revision } = await deps.api.call('customerRevision', { params: { customerId: watching.customerId } }));
    } catch (error) {
      // Unreachable or slow: the next tick asks again.
      if (error instanceof ApiError && FINAL.has(error.code) && followed === watching) {
        followed = null;
        // Not found: erased (or never shown here); the screen drops what it holds of the customer.
        if (error.code === 'not_found') deps.push('customer.updated', { status: 'unavailable', customerId: watching.customerId, error: { code: error.code, message: error.message } });
      }
      return;
    }
    if (followed !== watching || revision === watching.revision) return;
    const read = await deps.read(watching.customerId);
    // The agent opened another customer (or none) meanwhile: this one is no longer on screen.
    if (followed !== watching) return;
    if (read.ok) {
      followed = { customerId: watching.customerId, revision: read.value.revision };
      deps.push('customer.updated', { status: 'updated', detail: read.value });
    } else {
      followed = null;
      deps.push('customer.updated', { status: 'unavailable', customerId: watching.customerId, error: read.error });
    }
  };

  return {
    follow(customerId, revision) {
      followed = { customerId, revision };
    },
    unfollow(customerId) {
      if (followed?.customerId === customerId) followed = null;
    },
    async poll() {
      // One check at a time: a slow gateway must not stack reads of the same change.
      if (followed === null || polling) return;
      polling = true;
      try {
        await check(followed);
      } finally {
        polling = false;
      }
    },
    reset() {
      followed = null;
    },
  };
}
