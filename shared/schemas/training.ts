// Security awareness (PCI DSS 12.6.1-12.6.3) as it crosses the gateway's API and
// the desk's IPC: the versioned security policy, training modules (markdown and
// a short quiz), each person's acknowledgements and quiz attempts, and the
// overdue report. A quiz's correct answers never leave the gateway.
import { z } from 'zod';
import { RoleSchema } from '../roles.ts';
import { recordId, TimestampSchema } from './common.ts';
import { UsernameSchema } from './session.ts';

/** A policy or module body: markdown, read as plain text by the desk (no raw HTML is ever rendered). */
export const TRAINING_BODY_MAX = 20_000;
export const QUIZ_QUESTIONS_MAX = 10;
export const QUIZ_CHOICES_MAX = 6;

const title = z.string().trim().min(3).max(120);
const body = z.string().trim().min(10).max(TRAINING_BODY_MAX);
const choiceText = z.string().trim().min(1).max(200);

export const ModuleIdSchema = recordId('moduleId');
export const VersionSchema = z.number().int().min(1).max(1_000_000);

export const PublishPolicyRequestSchema = z.object({ title, body });
export type PublishPolicyRequest = z.infer<typeof PublishPolicyRequestSchema>;

export const QuizQuestionDraftSchema = z.object({
  prompt: z.string().trim().min(3).max(300),
  choices: z.array(choiceText).min(2).max(QUIZ_CHOICES_MAX),
  /** Index of the right choice: kept by the gateway, never sent to a desk. */
  correct: z.number().int().min(0).max(QUIZ_CHOICES_MAX - 1),
});
export const PublishModuleRequestSchema = z
  .object({
    moduleId: ModuleIdSchema,
    title,
    body,
    quiz: z.array(QuizQuestionDraftSchema).min(1).max(QUIZ_QUESTIONS_MAX),
    /** The share of right answers that passes, in percent. */
    passPercent: z.number().int().min(1).max(100),
  })
  .refine((module) => module.quiz.every((question) => question.correct < question.choices.length), {
    error: 'quiz: each question\'s right answer must be one of its choices',
    path: ['quiz'],
  });
export type PublishModuleRequest = z.infer<typeof PublishModuleRequestSchema>;

export const PolicySchema = z.object({ version: VersionSchema, title: z.string(), body: z.string(), publishedAt: TimestampSchema, publishedBy: z.string().max(64) });
export type Policy = z.infer<typeof PolicySchema>;

/** A module as a trainee sees it: the questions and their choices, not the answers. */
export const TrainingModuleSchema = z.object({
  moduleId: ModuleIdSchema,
  version: VersionSchema,
  title: z.string(),
  body: z.string(),
  quiz: z.array(z.object({ prompt: z.string(), choices: z.array(z.string()).max(QUIZ_CHOICES_MAX) })).max(QUIZ_QUESTIONS_MAX),
  passPercent: z.number().int(),
  publishedAt: TimestampSchema,
  publishedBy: z.string().max(64),
});
export type TrainingModule = z.infer<typeof TrainingModuleSchema>;

export const AcknowledgePolicyRequestSchema = z.object({ version: VersionSchema });
export const SubmitQuizRequestSchema = z.object({
  moduleId: ModuleIdSchema,
  version: VersionSchema,
  /** One choice index per question, in order. */
  answers: z.array(z.number().int().min(0).max(QUIZ_CHOICES_MAX - 1)).min(1).max(QUIZ_QUESTIONS_MAX),
});
export type SubmitQuizRequest = z.infer<typeof SubmitQuizRequestSchema>;

export const QuizResultSchema = z.object({ moduleId: ModuleIdSchema, version: VersionSchema, score: z.number().int().min(0).max(100), passed: z.boolean(), at: TimestampSchema });
export type QuizResult = z.infer<typeof QuizResultSchema>;

/**
 * One requirement for one person: `done` (within 12 months, of the current version), `missing` (never done),
 * `outdated` (done for an older version), `expired` (done more than 12 months ago).
 */
export const TRAINING_ITEM_STATES = ['done', 'missing', 'outdated', 'expired'] as const;
export const TrainingItemSchema = z.object({
  kind: z.enum(['policy', 'module']),
  /** `policy`, or the module's id. */
  subject: z.string().max(64),
  title: z.string(),
  version: VersionSchema,
  state: z.enum(TRAINING_ITEM_STATES),
  completedAt: TimestampSchema.nullable(),
  /** Score in percent of the pass that counts (modules only). */
  score: z.number().int().nullable(),
  /** When it must be done again; null while it is not done. */
  dueAt: TimestampSchema.nullable(),
});
export type TrainingItem = z.infer<typeof TrainingItemSchema>;

export const TrainingStatusSchema = z.object({
  /** Every item is done: customer data is open to this person's roles. */
  compliant: z.boolean(),
  /** The earliest due date of the items done; null when something is not done or nothing is published. */
  dueAt: TimestampSchema.nullable(),
  items: z.array(TrainingItemSchema),
});
export type TrainingStatus = z.infer<typeof TrainingStatusSchema>;

/** What the training gate shows: the person's status, the policy to acknowledge and the modules to pass. */
export const TrainingOverviewSchema = z.object({ status: TrainingStatusSchema, policy: PolicySchema.nullable(), modules: z.array(TrainingModuleSchema) });
export type TrainingOverview = z.infer<typeof TrainingOverviewSchema>;

/** One acknowledgement or quiz attempt, as kept (12.6.3: who, what version, when, score). */
export const TrainingRecordSchema = z.object({
  userId: z.string().max(64),
  username: z.string().max(64),
  kind: z.enum(['policy', 'module']),
  subject: z.string().max(64),
  version: VersionSchema,
  at: TimestampSchema,
  score: z.number().int().nullable(),
  passed: z.boolean(),
});
export type TrainingRecord = z.infer<typeof TrainingRecordSchema>;

export const TrainingReportRowSchema = z.object({
  userId: z.string().max(64),
  username: UsernameSchema,
  roles: z.array(RoleSchema),
  compliant: z.boolean(),
  /** Not compliant: customer data is closed to them until they finish. */
  overdue: z.boolean(),
  /** Compliant, but an item runs out within the reminder window (30 days). */
  dueSoon: z.boolean(),
  dueAt: TimestampSchema.nullable(),
  items: z.array(TrainingItemSchema),
});
export type TrainingReportRow = z.infer<typeof TrainingReportRowSchema>;

export const TrainingReportQuerySchema = z.object({ only: z.enum(['all', 'overdue', 'due_soon']).default('all') });
export const TrainingReportSchema = z.object({
  generatedAt: TimestampSchema,
  policyVersion: VersionSchema.nullable(),
  rows: z.array(TrainingReportRowSchema),
});
export type TrainingReport = z.infer<typeof TrainingReportSchema>;
