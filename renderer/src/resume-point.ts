// Where an agent was when the desk locked: the view, the search and the open
// customer, by ID only. The customer's data is dropped with the workspace; the
// same user's unlock reads it again (an audited read), anyone else starts clean.
import type { LookupKind } from '../../shared/schemas/customer.ts';

export type WorkspaceView = 'desk' | 'supervisor' | 'admin' | 'review' | 'help';

/** A customer opened this session: its ID and a masked name ("Grace B."). */
export interface RecentCustomer {
  readonly customerId: string;
  readonly label: string;
}

export const RECENT_CUSTOMERS_MAX = 10;

export interface ResumePoint {
  readonly userId: string;
  readonly view: WorkspaceView;
  readonly search: { readonly mode: LookupKind; readonly text: string };
  readonly customerId: string | null;
  /** This session's customers, newest first; forgotten at sign-out with the rest. */
  readonly recent: readonly RecentCustomer[];
}

/** "Grace Berg" → "Grace B.": enough to recognise a caller from a minute ago, not a full name on screen. */
export function maskedName(displayName: string): string {
  const [first = '', ...rest] = displayName.trim().split(/\s+/);
  const last = rest.at(-1);
  return last === undefined ? first : `${first} ${last.slice(0, 1)}.`;
}

/** `recent` with `customer` first, once, at most RECENT_CUSTOMERS_MAX long. */
export function withRecent(recent: readonly RecentCustomer[], customer: RecentCustomer): RecentCustomer[] {
  return [customer, ...recent.filter((c) => c.customerId !== customer.customerId)].slice(0, RECENT_CUSTOMERS_MAX);
}

/** What the lookup desk reports of itself. */
export type DeskPoint = Pick<ResumePoint, 'search' | 'customerId' | 'recent'>;

/** The point to resume for `userId`: only its own. */
export function resumeFor(point: ResumePoint | null, userId: string): ResumePoint | null {
  return point?.userId === userId ? point : null;
}
