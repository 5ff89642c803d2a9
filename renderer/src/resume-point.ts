// Where an agent was when the desk locked: the view, the search and the open
// customer, by ID only. The customer's data is dropped with the workspace; the
// same user's unlock reads it again (an audited read), anyone else starts clean.
import type { LookupKind } from '../../shared/schemas/customer.ts';

export type WorkspaceView = 'desk' | 'supervisor' | 'admin';

export interface ResumePoint {
  readonly userId: string;
  readonly view: WorkspaceView;
  readonly search: { readonly mode: LookupKind; readonly text: string };
  readonly customerId: string | null;
}

/** The point to resume for `userId`: only its own. */
export function resumeFor(point: ResumePoint | null, userId: string): ResumePoint | null {
  return point?.userId === userId ? point : null;
}
