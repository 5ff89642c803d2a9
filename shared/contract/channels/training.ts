// Security awareness (issue 26, PCI DSS 12.6): the signed-in person's policy
// and training, and the admin's publishing and overdue report. Every write is
// recorded by the gateway with its own record too; the desk's record names
// the version, the score is the gateway's.
import { NoContentSchema as Empty } from '../../api.ts';
import {
  AcknowledgePolicyRequestSchema,
  PublishModuleRequestSchema,
  PublishPolicyRequestSchema,
  SubmitQuizRequestSchema,
  TrainingReportQuerySchema,
} from '../../schemas/training.ts';
import { forward } from '../channel-kinds.ts';

export const trainingChannels = {
  'training.overview': forward('trainingOverview', {
    request: Empty,
    audit: { none: 'the person’s own training status and the published policy text; no customer data' },
    whileLocked: false,
  }),
  'training.acknowledge': forward('trainingAcknowledge', {
    request: AcknowledgePolicyRequestSchema,
    audit: { event: 'training.complete', describe: (request) => ({ target: { kind: 'training', id: `policy:v${request?.version ?? 0}` }, details: { action: 'acknowledge' } }) },
    whileLocked: false,
  }),
  'training.submitQuiz': forward('trainingSubmitQuiz', {
    request: SubmitQuizRequestSchema,
    audit: {
      event: 'training.complete',
      describe: (request, response) => ({
        target: { kind: 'training', id: request === null ? null : `module:${request.moduleId}:v${request.version}` },
        details: { action: 'quiz', score: response?.score ?? null, passed: response?.passed ?? null },
      }),
    },
    whileLocked: false,
  }),
  'training.publishPolicy': forward('adminPublishPolicy', {
    request: PublishPolicyRequestSchema,
    audit: { event: 'training.publish', describe: (_request, response) => ({ target: { kind: 'training', id: response === null ? null : `policy:v${response.version}` }, details: { action: 'policy' } }) },
    whileLocked: false,
  }),
  'training.publishModule': forward('adminPublishModule', {
    request: PublishModuleRequestSchema,
    audit: {
      event: 'training.publish',
      describe: (request, response) => ({
        target: { kind: 'training', id: response === null ? (request?.moduleId ?? null) : `module:${response.moduleId}:v${response.version}` },
        details: { action: 'module' },
      }),
    },
    whileLocked: false,
  }),
  'training.report': forward('adminTrainingReport', {
    request: TrainingReportQuerySchema,
    audit: { event: 'report.generate', describe: (request) => ({ target: { kind: 'report', id: 'training' }, details: { only: request?.only ?? null } }) },
    whileLocked: false,
  }),
} as const;
