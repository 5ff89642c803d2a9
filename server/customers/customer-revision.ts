// The revision of a customer's record: an opaque token over what changes it (the
// versions of the records its sources wrote, and its notes), taken before a
// detail read and asked for by a desk while the customer is open. Asking is
// cheap and unaudited because the answer tells only "changed", and it is bound
// to the gateway's own record of this user having been shown that customer:
// for any other customer, existing or not, the answer is the same refusal, so
// it can never stand in for a capped, audited lookup.
import { createHash } from 'node:crypto';
import type { Clock } from '../config.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { AuditRepo, CustomerRepo, CustomerRevisionFacts } from '../storage/store.ts';

/** How long after its last audited view a user may follow a customer: a working shift. */
export const FOLLOW_WINDOW_MS = 8 * 3_600_000;

/** 128 bits of SHA-256, base64url: the same facts always give the same revision, in any order. */
export function customerRevision(facts: CustomerRevisionFacts): string {
  const versions = facts.versions.map((v) => `${v.type}\n${v.id}\n${v.version}`).sort();
  return createHash('sha256').update(JSON.stringify({ versions, notes: facts.notes })).digest('base64url').slice(0, 22);
}

export interface CustomerRevisions {
  /** The revision now, or null when there is no such customer (no grant is checked: for the detail read, which has its own). */
  current(customerId: string): Promise<string | null>;
  /** The revision of a customer `principal` was shown within FOLLOW_WINDOW_MS; refused alike for every other customer. */
  followed(principal: Principal, customerId: string): Promise<{ customerId: string; revision: string }>;
}

export function createCustomerRevisions(deps: { repo: Pick<CustomerRepo, 'revisionFacts'>; audit: Pick<AuditRepo, 'viewedCustomer'>; clock: Clock }): CustomerRevisions {
  const current = async (customerId: string): Promise<string | null> => {
    const facts = await deps.repo.revisionFacts(customerId);
    return facts === null ? null : customerRevision(facts);
  };
  return {
    current,
    async followed(principal, customerId) {
      const since = new Date(deps.clock.now() - FOLLOW_WINDOW_MS).toISOString();
      const revision = (await deps.audit.viewedCustomer(principal.userId, customerId, since)) ? await current(customerId) : null;
      if (revision === null) throw new GatewayError('not_found', 'No customer with that ID has been opened on this account recently; open it first');
      return { customerId, revision };
    },
  };
}
