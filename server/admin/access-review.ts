// The access review (PCI DSS 7.2.4): every account with roles, MFA state,
// last sign-in and status, and who changed what about it since the review the
// last sign-off acknowledged, read from the gateway's own audit chain. A
// sign-off names a review the gateway generated (its generatedAt and the hash
// of its rows, kept at generation), so it covers only what its signer was
// shown; changes after that review stay open for the next one. A review
// holding the signer's own changes needs another admin's sign-off. A sign-off
// is stored with its audit record in one transaction.
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../shared/audit.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { panFreeId } from '../../shared/pan.ts';
import type { AccessReview, AccessReviewSignOff } from '../../shared/schemas/admin.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { digestForAudit, sha256Hex } from '../core/hashing.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { AccessReviewRecord, AdminRepo } from '../storage/store.ts';
import { managedUser } from './people-service.ts';

export interface AccessReviews {
  review(reviewer: Principal, format: 'json' | 'csv'): Promise<AccessReview>;
  signOff(reviewer: Principal, request: { note: string; generatedAt: string; reviewHash: string }): Promise<AccessReviewSignOff>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const signOffView = (record: AccessReviewRecord): AccessReviewSignOff => ({
  reviewId: record.reviewId,
  at: iso(record.at),
  by: record.byUsername,
  note: record.note,
  accounts: record.accounts,
  coversThrough: record.coversThrough === null ? null : iso(record.coversThrough),
});

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The hash a sign-off presents: of the rows exactly as the review showed them. */
const hashOf = (rows: AccessReview['rows']): string => digestForAudit(sha256Hex(canonicalJson(rows))) ?? '';

export function createAccessReviews(deps: { repo: AdminRepo; audit: GatewayAudit; clock: Clock }): AccessReviews {
  const { repo, audit, clock } = deps;

  /** The review as it stood at `through`: accounts now, and the changes after the last acknowledged review up to then. */
  const build = async (through: number) => {
    const last = await repo.latestReview();
    const since = last === null ? null : (last.coversThrough ?? last.at);
    const [accounts, all] = await Promise.all([repo.listAccounts(), repo.accountChangesSince(since === null ? null : iso(since))]);
    const changes = all.filter((event) => Date.parse(event.at) <= through);
    const rows = accounts.map((account) => {
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
          .map((event) => ({ at: event.at, by: event.actor.username, action: text(event.details.action) ?? 'unknown', reason: text(event.details.reason) })),
      };
    });
    return { last, rows, changes };
  };

  const refuse = async (reviewer: Principal, note: string, code: string, error: GatewayError): Promise<never> => {
    await audit.record({
      type: 'report.generate',
      outcome: 'failure',
      reason: code,
      actor: reviewer,
      target: { kind: 'report', id: 'access-review' },
      details: { action: 'access_review_signoff', reason: note },
    });
    throw error;
  };

  /** Changes the signer made to other accounts (setting up their own account is not an administrative change). */
  const ownChanges = (changes: readonly AuditEvent[], reviewer: Principal): number =>
    changes.filter((event) => event.actor.userId === reviewer.userId && event.target.id !== reviewer.userId).length;

  return {
    async review(reviewer, format) {
      const generatedAt = clock.now();
      const { last, rows } = await build(generatedAt);
      await audit.record({
        type: 'report.generate',
        outcome: 'success',
        actor: reviewer,
        target: { kind: 'report', id: 'access-review' },
        details: { action: 'access_review', format, accounts: rows.length },
      });
      const reviewHash = hashOf(rows);
      await repo.recordReviewGeneration({ generatedAt, reviewHash, byUserId: reviewer.userId });
      return { generatedAt: iso(generatedAt), lastSignOff: last === null ? null : signOffView(last), rows, reviewHash };
    },

    async signOff(reviewer, request) {
      const through = Date.parse(request.generatedAt);
      if (!(await repo.reviewGenerated(through, request.reviewHash))) {
        return refuse(reviewer, request.note, 'review_unknown', new GatewayError('conflict', 'The gateway generated no such review: fetch the review and sign off what it shows'));
      }
      const { last, rows, changes } = await build(through);
      if (last !== null && through <= (last.coversThrough ?? last.at)) {
        return refuse(reviewer, request.note, 'review_superseded', new GatewayError('conflict', 'A later review was already signed off: fetch the review again'));
      }
      if (ownChanges(changes, reviewer) > 0) {
        return refuse(reviewer, request.note, 'own_changes', new GatewayError('forbidden', 'This review covers changes you made: another admin must sign it off'));
      }
      const record: AccessReviewRecord = {
        reviewId: panFreeId(randomUUID),
        at: clock.now(),
        byUserId: reviewer.userId,
        byUsername: reviewer.username,
        note: request.note,
        accounts: rows.length,
        coversThrough: through,
        reviewHash: request.reviewHash,
      };
      // No audit, no sign-off: both commit in one transaction, which also refuses a parallel sign-off of the same review.
      const stored = await audit.commit(() =>
        repo.insertReview(
          record,
          audit.prepare({
            type: 'report.generate',
            outcome: 'success',
            actor: reviewer,
            target: { kind: 'report', id: record.reviewId },
            details: { action: 'access_review_signoff', reason: request.note, accounts: rows.length, coversThrough: request.generatedAt, reviewHash: request.reviewHash },
          }),
        ),
      );
      if (!stored) return refuse(reviewer, request.note, 'review_superseded', new GatewayError('conflict', 'A later review was already signed off: fetch the review again'));
      return signOffView(record);
    },
  };
}
