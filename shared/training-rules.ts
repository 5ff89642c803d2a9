// When a person's security awareness is current (PCI DSS 12.6.1-12.6.3): the
// current policy acknowledged and every current training module passed, each
// of its current version and within the last 12 months. The gateway decides
// with this alone, for the gate on customer data and for the overdue report.
import type { AccessRule, Permission } from './roles.ts';
import type { TrainingItem, TrainingStatus } from './schemas/training.ts';

export const TRAINING_VALID_DAYS = 365;
/** A reminder goes out this many days before an item runs out. */
export const TRAINING_REMINDER_DAYS = 30;
const DAY_MS = 86_400_000;

/** The routes and channels that reach customer data: closed to a person whose training is not current. */
export const CUSTOMER_DATA_PERMISSIONS: readonly Permission[] = ['customers.lookup', 'customers.read', 'notes.write', 'subscriptions.extend'];

export function reachesCustomerData(rule: AccessRule | 'source'): boolean {
  return (CUSTOMER_DATA_PERMISSIONS as readonly string[]).includes(rule);
}

/** What must be done: the current policy and each current module (null fields when nothing is published). */
export interface Requirement {
  readonly kind: 'policy' | 'module';
  readonly subject: string;
  readonly title: string;
  readonly version: number;
}

/** One acknowledgement (always passed) or quiz attempt; `at` in epoch ms. */
export interface Completion {
  readonly kind: 'policy' | 'module';
  readonly subject: string;
  readonly version: number;
  readonly at: number;
  readonly score: number | null;
  readonly passed: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function itemOf(requirement: Requirement, completions: readonly Completion[], now: number): TrainingItem {
  const passes = completions.filter((c) => c.passed && c.kind === requirement.kind && c.subject === requirement.subject).sort((a, b) => b.at - a.at);
  const ofVersion = passes.find((c) => c.version === requirement.version);
  const base = { kind: requirement.kind, subject: requirement.subject, title: requirement.title, version: requirement.version };
  if (ofVersion === undefined) {
    return { ...base, state: passes.length > 0 ? 'outdated' : 'missing', completedAt: null, score: null, dueAt: null };
  }
  const due = ofVersion.at + TRAINING_VALID_DAYS * DAY_MS;
  return { ...base, state: due <= now ? 'expired' : 'done', completedAt: iso(ofVersion.at), score: ofVersion.score, dueAt: iso(due) };
}

export function trainingStatus(requirements: readonly Requirement[], completions: readonly Completion[], now: number): TrainingStatus {
  const items = requirements.map((requirement) => itemOf(requirement, completions, now));
  const compliant = items.every((item) => item.state === 'done');
  const dues = items.map((item) => (item.dueAt === null ? Number.NaN : Date.parse(item.dueAt)));
  return { compliant, dueAt: compliant && dues.length > 0 ? iso(Math.min(...dues)) : null, items };
}

/** Compliant, but something runs out within the reminder window. */
export function dueSoon(status: TrainingStatus, now: number): boolean {
  return status.compliant && status.dueAt !== null && Date.parse(status.dueAt) - now <= TRAINING_REMINDER_DAYS * DAY_MS;
}
