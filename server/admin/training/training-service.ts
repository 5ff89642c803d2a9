// Security awareness (PCI DSS 12.6.1-12.6.3): admins publish versions of the
// security policy and of training modules; each person acknowledges the policy
// and passes each module's quiz, every 12 months and again after a new
// version. Until then `requireCurrent` refuses them customer data: the route
// binding calls it for every customer-data route (route-binding.ts), so the
// desk's IPC, which forwards there, is refused the same way.
import { randomUUID } from 'node:crypto';
import { findPanInDocument } from '../../../shared/pan-document.ts';
import { panFreeId } from '../../../shared/pan.ts';
import { dueSoon, trainingStatus, type Requirement } from '../../../shared/training-rules.ts';
import type {
  Policy,
  PublishModuleRequest,
  PublishPolicyRequest,
  QuizResult,
  SubmitQuizRequest,
  TrainingModule,
  TrainingOverview,
  TrainingReport,
  TrainingStatus,
} from '../../../shared/schemas/training.ts';
import type { Clock } from '../../config.ts';
import type { AlertService } from '../../core/alert-port.ts';
import type { GatewayAudit } from '../../core/audit-port.ts';
import { digestForAudit, sha256Hex } from '../../core/hashing.ts';
import type { Principal } from '../../core/principal.ts';
import { GatewayError } from '../../errors.ts';
import type { IdentityRepo } from '../../storage/store.ts';
import type { StoredModule, StoredPolicy, TrainingRepo } from '../../storage/training-store.ts';

export interface TrainingService {
  publishPolicy(admin: Principal, request: PublishPolicyRequest): Promise<Policy>;
  publishModule(admin: Principal, request: PublishModuleRequest): Promise<TrainingModule>;
  /** What the signed-in person must do, with the policy text and the modules' quizzes (without answers). */
  overview(person: Principal): Promise<TrainingOverview>;
  acknowledge(person: Principal, version: number): Promise<TrainingStatus>;
  submitQuiz(person: Principal, request: SubmitQuizRequest): Promise<QuizResult>;
  /** Throws `training_required` (and records the refusal) unless the person's awareness is current. */
  requireCurrent(person: Principal): Promise<void>;
  /** Every enabled person with a role, with their status (the overdue report). */
  report(admin: Principal, only: 'all' | 'overdue' | 'due_soon'): Promise<TrainingReport>;
  /** Raises one `training_due` alert per person and due date once it is 30 days away or less; how many it raised. */
  remind(): Promise<number>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export const policyView = (policy: StoredPolicy): Policy => ({
  version: policy.version,
  title: policy.title,
  body: policy.body,
  publishedAt: iso(policy.publishedAt),
  publishedBy: policy.publishedBy,
});

/** A module as a trainee sees it: the right answers stay here. */
export const moduleView = (module: StoredModule): TrainingModule => ({
  moduleId: module.moduleId,
  version: module.version,
  title: module.title,
  body: module.body,
  quiz: module.quiz.map(({ prompt, choices }) => ({ prompt, choices: [...choices] })),
  passPercent: module.passPercent,
  publishedAt: iso(module.publishedAt),
  publishedBy: module.publishedBy,
});

/** What everyone must do now: the newest policy and the newest version of each module. */
export function requirementsOf(policy: StoredPolicy | null, modules: readonly StoredModule[]): Requirement[] {
  return [
    ...(policy === null ? [] : [{ kind: 'policy' as const, subject: 'policy', title: policy.title, version: policy.version }]),
    ...modules.map((module) => ({ kind: 'module' as const, subject: module.moduleId, title: module.title, version: module.version })),
  ];
}

/** The DLP on a whole publication (title, body, every question and choice): a card number is refused, not masked. */
function refusePans(document: unknown): void {
  const found = findPanInDocument(document);
  if (found === null) return;
  const where = found.path.join('.') || 'input';
  if (found.kind === 'pan') throw new GatewayError('pan_in_text', `${where}: a card number must not appear in training material; nothing was published`);
  throw new GatewayError('invalid_request', `${where}: this text cannot be checked for card numbers (${found.kind}); nothing was published`);
}

export function createTrainingService(deps: { repo: TrainingRepo; identity: IdentityRepo; audit: GatewayAudit; alerts: AlertService; clock: Clock }): TrainingService {
  const { repo, identity, audit, alerts, clock } = deps;

  const requirements = async (): Promise<{ policy: StoredPolicy | null; modules: StoredModule[]; needed: Requirement[] }> => {
    const [policy, modules] = await Promise.all([repo.currentPolicy(), repo.currentModules()]);
    return { policy, modules, needed: requirementsOf(policy, modules) };
  };

  const statusOf = async (userId: string, needed: readonly Requirement[]): Promise<TrainingStatus> =>
    trainingStatus(needed, await repo.completions([userId]), clock.now());

  const publishRecord = (admin: Principal, id: string, details: Record<string, string | number>) =>
    audit.prepare({ type: 'training.publish', outcome: 'success', actor: admin, target: { kind: 'training', id }, details });

  return {
    async publishPolicy(admin, request) {
      refusePans(request);
      const draft = { title: request.title, body: request.body, publishedAt: clock.now(), publishedBy: admin.username };
      const bodyHash = digestForAudit(sha256Hex(request.body)) ?? '';
      const policy = await audit.commit(() =>
        repo.publishPolicy(draft, (version) => publishRecord(admin, `policy:v${version}`, { action: 'policy', version, title: request.title, bodyHash })),
      );
      return policyView(policy);
    },

    async publishModule(admin, request) {
      refusePans(request);
      const draft = {
        moduleId: request.moduleId,
        title: request.title,
        body: request.body,
        quiz: request.quiz,
        passPercent: request.passPercent,
        publishedAt: clock.now(),
        publishedBy: admin.username,
      };
      const bodyHash = digestForAudit(sha256Hex(JSON.stringify([request.body, request.quiz]))) ?? '';
      const module = await audit.commit(() =>
        repo.publishModule(draft, (version) =>
          publishRecord(admin, `module:${request.moduleId}:v${version}`, { action: 'module', moduleId: request.moduleId, version, title: request.title, questions: request.quiz.length, bodyHash }),
        ),
      );
      return moduleView(module);
    },

    async overview(person) {
      const { policy, modules, needed } = await requirements();
      return { status: await statusOf(person.userId, needed), policy: policy === null ? null : policyView(policy), modules: modules.map(moduleView) };
    },

    async acknowledge(person, version) {
      const { policy, needed } = await requirements();
      if (policy === null) throw new GatewayError('not_found', 'No security policy has been published yet');
      if (policy.version !== version) throw new GatewayError('conflict', `Policy version ${version} is not the current one (${policy.version}): read the current policy and acknowledge it`);
      const completion = { recordId: panFreeId(randomUUID), userId: person.userId, username: person.username, kind: 'policy' as const, subject: 'policy', version, at: clock.now(), score: null, passed: true };
      await audit.commit(() =>
        repo.complete(
          completion,
          audit.prepare({ type: 'training.complete', outcome: 'success', actor: person, target: { kind: 'training', id: `policy:v${version}` }, details: { action: 'acknowledge', version } }),
        ),
      );
      return statusOf(person.userId, needed);
    },

    async submitQuiz(person, request) {
      const module = (await repo.currentModules()).find((m) => m.moduleId === request.moduleId);
      if (module === undefined) throw new GatewayError('not_found', 'No such training module');
      if (module.version !== request.version) throw new GatewayError('conflict', `Module version ${request.version} is not the current one (${module.version}): take the current module`);
      if (request.answers.length !== module.quiz.length) throw new GatewayError('invalid_request', `answers: the quiz has ${module.quiz.length} questions; give one answer for each`);
      const outOfRange = request.answers.findIndex((answer, i) => answer >= (module.quiz[i]?.choices.length ?? 0));
      if (outOfRange >= 0) throw new GatewayError('invalid_request', `answers.${outOfRange}: that question has no such choice`);
      const right = request.answers.filter((answer, i) => answer === module.quiz[i]?.correct).length;
      const score = Math.floor((right * 100) / module.quiz.length);
      const passed = score >= module.passPercent;
      const at = clock.now();
      const completion = { recordId: panFreeId(randomUUID), userId: person.userId, username: person.username, kind: 'module' as const, subject: module.moduleId, version: module.version, at, score, passed };
      await audit.commit(() =>
        repo.complete(
          completion,
          audit.prepare({
            type: 'training.complete',
            outcome: passed ? 'success' : 'failure',
            ...(passed ? {} : { reason: 'quiz_failed' }),
            actor: person,
            target: { kind: 'training', id: `module:${module.moduleId}:v${module.version}` },
            details: { action: 'quiz', score, passPercent: module.passPercent, passed },
          }),
        ),
      );
      return { moduleId: module.moduleId, version: module.version, score, passed, at: iso(at) };
    },

    async requireCurrent(person) {
      const { needed } = await requirements();
      if (needed.length === 0) return;
      const status = await statusOf(person.userId, needed);
      if (status.compliant) return;
      await audit.record({
        type: 'access.denied',
        outcome: 'failure',
        reason: 'training_required',
        actor: person,
        target: { kind: 'training', id: 'customer-data' },
        details: { deviceId: person.deviceId, missing: status.items.filter((item) => item.state !== 'done').map((item) => `${item.subject}:${item.state}`).join(',') },
      });
      throw new GatewayError('training_required', 'Acknowledge the current security policy and pass the security training first; customer data opens after that');
    },

    async report(admin, only) {
      const generatedAt = clock.now();
      const rows = await awarenessRows({ repo, identity }, generatedAt);
      const picked = rows.filter((row) => only === 'all' || (only === 'overdue' ? row.overdue : row.dueSoon));
      await audit.record({ type: 'report.generate', outcome: 'success', actor: admin, target: { kind: 'report', id: 'training' }, details: { action: 'training_report', only, rows: picked.length } });
      const policy = await repo.currentPolicy();
      return { generatedAt: iso(generatedAt), policyVersion: policy?.version ?? null, rows: picked };
    },

    async remind() {
      const now = clock.now();
      let raised = 0;
      for (const row of await awarenessRows({ repo, identity }, now)) {
        if (!row.dueSoon || row.dueAt === null) continue;
        if (!(await repo.noteReminder(row.userId, Date.parse(row.dueAt), now))) continue;
        await alerts.raise({
          kind: 'training_due',
          severity: 'info',
          userId: row.userId,
          deviceId: null,
          message: `${row.username}'s security awareness runs out on ${row.dueAt.slice(0, 10)}: acknowledge the policy and pass the training again before then`,
        });
        raised += 1;
      }
      return raised;
    },
  };
}

/** Each enabled person with a role and their awareness status at `now` (the report, the reminders and the evidence pack). */
export async function awarenessRows(deps: { repo: TrainingRepo; identity: IdentityRepo }, now: number): Promise<TrainingReport['rows']> {
  const [policy, modules, users] = await Promise.all([deps.repo.currentPolicy(), deps.repo.currentModules(), deps.identity.listUsers()]);
  const people = users.filter((user) => user.disabledAt === null && user.roles.length > 0);
  const needed = requirementsOf(policy, modules);
  const completions = await deps.repo.completions(people.map((user) => user.userId));
  return people.map((user) => {
    const status = trainingStatus(
      needed,
      completions.filter((c) => c.userId === user.userId),
      now,
    );
    return { userId: user.userId, username: user.username, roles: [...user.roles], compliant: status.compliant, overdue: !status.compliant, dueSoon: dueSoon(status, now), dueAt: status.dueAt, items: status.items };
  });
}
