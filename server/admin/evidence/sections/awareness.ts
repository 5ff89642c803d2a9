// Evidence for security awareness (12.6.3): the policy and modules in force,
// every acknowledgement and quiz attempt in the range, and each person's
// standing at the range's end.
import { securityAwarenessEvidence } from '../../training/training-evidence.ts';
import { recordFiles, type EvidenceSection } from '../evidence-section.ts';

export const securityAwareness: EvidenceSection = {
  requirement: '12.6.3',
  title: 'Personnel receive security awareness training upon hire and at least once every 12 months',
  async produce(context) {
    const evidence = await securityAwarenessEvidence({ training: context.store.training, identity: context.store.identity }, { from: Date.parse(context.from), to: Date.parse(context.to) });
    const attempts = evidence.records.map((r) => ['attempt', r.username, r.kind, r.subject, r.version, r.at, r.score ?? '', r.passed ? 'passed' : 'failed']);
    const standing = evidence.standing.map((s) => ['standing', s.username, s.roles.join(' '), s.compliant ? 'current' : 'overdue', '', s.dueAt ?? '', '', s.dueSoon ? 'due within 30 days' : '']);
    return recordFiles(
      {
        title: '12.6.3 Policy acknowledgements and training attempts in the range, and each person’s standing',
        columns: ['row', 'username', 'kindOrRoles', 'subjectOrStanding', 'version', 'atOrDueAt', 'score', 'result'],
        rows: [...attempts, ...standing],
        configuration: {
          policy: evidence.policy === null ? null : { version: evidence.policy.version, title: evidence.policy.title, publishedAt: evidence.policy.publishedAt },
          modules: evidence.modules.map((m) => ({ moduleId: m.moduleId, version: m.version, title: m.title, passPercent: m.passPercent })),
          renewal: 'every 12 months; a reminder 30 days before',
        },
        method: 'Read from the stored training records (each written with its audit record) and the published policy and modules.',
      },
      context,
    );
  },
};
