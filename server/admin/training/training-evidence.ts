// PCI DSS 12.6.3 for the assessor's evidence pack: who acknowledged the
// security policy and passed which training module, which version, when and
// with what score, within a period; and everyone's standing at its end
// (overdue or current). Read-only; the pack's caller audits its own export.
import type { Policy, TrainingModule, TrainingRecord, TrainingReport } from '../../../shared/schemas/training.ts';
import type { IdentityRepo } from '../../storage/store.ts';
import type { TrainingRepo } from '../../storage/training-store.ts';
import { awarenessRows, moduleView, policyView } from './training-service.ts';

export interface SecurityAwarenessEvidence {
  readonly from: string;
  readonly to: string;
  /** The policy and modules in force now (the versions the standing below is measured against). */
  readonly policy: Policy | null;
  readonly modules: TrainingModule[];
  /** Every acknowledgement and quiz attempt, pass or fail, within [from, to], oldest first. */
  readonly records: TrainingRecord[];
  /** Each enabled person with a role, measured at `to`: overdue, due soon, or current. */
  readonly standing: TrainingReport['rows'];
}

/** The evidence of 12.6.3 for [from, to] (epoch ms). */
export async function securityAwarenessEvidence(deps: { training: TrainingRepo; identity: IdentityRepo }, range: { from: number; to: number }): Promise<SecurityAwarenessEvidence> {
  const [policy, modules, completions, standing] = await Promise.all([
    deps.training.currentPolicy(),
    deps.training.currentModules(),
    deps.training.completions(null, range),
    awarenessRows({ repo: deps.training, identity: deps.identity }, range.to),
  ]);
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    policy: policy === null ? null : policyView(policy),
    modules: modules.map(moduleView),
    records: completions.map(({ recordId: _recordId, at, ...rest }) => ({ ...rest, at: new Date(at).toISOString() })),
    standing,
  };
}
