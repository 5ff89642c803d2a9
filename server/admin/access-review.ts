// The access review (PCI DSS 7.2.4): every account with its roles, MFA state,
// last sign-in and status, and who changed what about it since the last
// sign-off, read from the gateway's own audit chain. A sign-off is stored with
// its audit record in one transaction, and the next review counts from it.
import { randomUUID } from 'node:crypto';
import { panFreeId } from '../../shared/pan.ts';
import type { AccessReview, AccessReviewSignOff } from '../../shared/schemas/admin.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import type { AccessReviewRecord, AdminRepo } from '../storage/store.ts';
import { managedUser } from './people-service.ts';

export interface AccessReviews {
  review(reviewer: Principal, format: 'json' | 'csv'): Promise<AccessReview>;
  signOff(reviewer: Principal, note: string): Promise<AccessReviewSignOff>;
}

const signOffView = (record: AccessReviewRecord): AccessReviewSignOff => ({
  reviewId: record.reviewId,
  at: new Date(record.at).toISOString(),
  by: record.byUsername,
  note: record.note,
  accounts: record.accounts,
});

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function createAccessReviews(deps: { repo: AdminRepo; audit: GatewayAudit; clock: Clock }): AccessReviews {
  const { repo, audit, clock } = deps;
  return {
    async review(reviewer, format) {
      const last = await repo.latestReview();
      const [accounts, changes] = await Promise.all([repo.listAccounts(), repo.accountChangesSince(last === null ? null : new Date(last.at).toISOString())]);
      await audit.record({
        type: 'report.generate',
        outcome: 'success',
        actor: reviewer,
        target: { kind: 'report', id: 'access-review' },
        details: { action: 'access_review', format, accounts: accounts.length },
      });
      return {
        generatedAt: new Date(clock.now()).toISOString(),
        lastSignOff: last === null ? null : signOffView(last),
        rows: accounts.map((account) => {
          const user = managedUser(account);
          return {
            userId: user.userId,
            username: user.username,
            displayName: user.displayName,
            roles: user.roles,
            mfaEnrolled: user.mfaEnrolled,
            lastSignInAt: user.lastSignInAt,
            status: user.status,
            disabledReason: user.disabledReason,
            changesSinceLastReview: changes
              .filter((event) => event.target.id === account.userId)
              .map((event) => ({
                at: event.at,
                by: event.actor.username,
                action: text(event.details.action) ?? 'unknown',
                reason: text(event.details.reason),
              })),
          };
        }),
      };
    },
    async signOff(reviewer, note) {
      const accounts = (await repo.listAccounts()).length;
      const record: AccessReviewRecord = {
        reviewId: panFreeId(randomUUID),
        at: clock.now(),
        byUserId: reviewer.userId,
        byUsername: reviewer.username,
        note,
        accounts,
      };
      // No audit, no sign-off: both commit in one transaction.
      await audit.commit(() =>
        repo.insertReview(
          record,
          audit.prepare({
            type: 'report.generate',
            outcome: 'success',
            actor: reviewer,
            target: { kind: 'report', id: record.reviewId },
            details: { action: 'access_review_signoff', reason: note, accounts },
          }),
        ),
      );
      return signOffView(record);
    },
  };
}
