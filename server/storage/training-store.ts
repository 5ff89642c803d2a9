// The store's side of security awareness (PCI DSS 12.6): published policy and
// module versions, each person's acknowledgements and quiz attempts, and the
// reminders already sent. Times are epoch ms.
import type { AuditEvent } from '../../shared/audit.ts';
import type { Audited } from '../core/audit-port.ts';
import type { Completion } from '../../shared/training-rules.ts';

export interface StoredPolicy {
  readonly version: number;
  readonly title: string;
  readonly body: string;
  readonly publishedAt: number;
  readonly publishedBy: string;
}

export interface StoredQuestion {
  readonly prompt: string;
  readonly choices: readonly string[];
  readonly correct: number;
}

export interface StoredModule {
  readonly moduleId: string;
  readonly version: number;
  readonly title: string;
  readonly body: string;
  readonly quiz: readonly StoredQuestion[];
  readonly passPercent: number;
  readonly publishedAt: number;
  readonly publishedBy: string;
}

/** One acknowledgement or quiz attempt as the rules read it, and whose it is. */
export interface StoredCompletion extends Completion {
  readonly recordId: string;
  readonly userId: string;
  readonly username: string;
}

export interface TrainingRepo {
  /** Stores the next policy version (numbered in the same transaction) with its audit record. */
  publishPolicy(draft: Omit<StoredPolicy, 'version'>, record: (version: number) => AuditEvent): Promise<Audited<StoredPolicy>>;
  /** Stores the module's next version with its audit record. */
  publishModule(draft: Omit<StoredModule, 'version'>, record: (version: number) => AuditEvent): Promise<Audited<StoredModule>>;
  currentPolicy(): Promise<StoredPolicy | null>;
  /** The newest version of every module. */
  currentModules(): Promise<StoredModule[]>;
  /** An acknowledgement or quiz attempt, with its audit record, in one transaction. */
  complete(completion: StoredCompletion, record: AuditEvent): Promise<Audited<StoredCompletion>>;
  /** Every completion of these people (all when null), oldest first, optionally within a time range. */
  completions(userIds: readonly string[] | null, range?: { from: number; to: number }): Promise<StoredCompletion[]>;
  /** True the first time a reminder for this person and due date is noted. */
  noteReminder(userId: string, dueAt: number, at: number): Promise<boolean>;
}
