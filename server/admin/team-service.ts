// Teams (issue 26): admins create teams and put accounts in them, each change
// with a reason and committed together with its audit record (audit.commit).
import { randomUUID } from 'node:crypto';
import { containsPan, panFreeId } from '../../shared/pan.ts';
import type { AssignTeamMemberRequest, CreateTeamRequest, Team } from '../../shared/schemas/teams.ts';
import type { Clock } from '../config.ts';
import type { AuditEvent } from '../../shared/audit.ts';
import type { Audited, GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { RecordOf, TeamChangeOutcome, TeamRecord, TeamRepo } from '../storage/store.ts';

export interface TeamService {
  list(): Promise<Team[]>;
  create(admin: Principal, request: CreateTeamRequest): Promise<Team>;
  assign(admin: Principal, teamId: string, request: AssignTeamMemberRequest): Promise<Team>;
}

export const teamView = (team: TeamRecord): Team => ({
  teamId: team.teamId,
  name: team.name,
  createdAt: new Date(team.createdAt).toISOString(),
  createdBy: team.createdBy,
  members: [...team.members],
});

type Refusal = Exclude<TeamChangeOutcome, { ok: true }>['refusal'];

const REFUSALS: Record<Refusal, () => GatewayError> = {
  not_found: () => new GatewayError('not_found', 'No such team'),
  no_account: () => new GatewayError('not_found', 'No such account'),
  name_taken: () => new GatewayError('conflict', 'A team of that name exists'),
  actor_inactive: () => new GatewayError('forbidden', 'Your own account is no longer an active admin'),
  unchanged: () => new GatewayError('conflict', 'The account is already in that team'),
};

export function createTeamService(deps: { repo: TeamRepo; audit: GatewayAudit; clock: Clock }): TeamService {
  const { repo, audit, clock } = deps;

  /** Runs a team write that appends its own record (success or refusal) in its transaction; answers the team or the refusal's typed error. */
  const committed = async (
    admin: Principal,
    change: { type: 'team.create' | 'team.member.assign'; teamId: string; details: (decided: TeamChangeOutcome) => AuditEvent['details'] },
    write: (record: RecordOf<TeamChangeOutcome>) => Promise<Audited<TeamChangeOutcome>>,
  ): Promise<Team> => {
    const outcome = await audit.commit(() =>
      write((decided) =>
        audit.prepare({
          type: change.type,
          outcome: decided.ok ? 'success' : 'failure',
          ...(decided.ok ? {} : { reason: decided.refusal }),
          actor: admin,
          target: { kind: 'team', id: change.teamId },
          details: change.details(decided),
        }),
      ),
    );
    if (!outcome.ok) throw REFUSALS[outcome.refusal]();
    return teamView(outcome.team);
  };

  return {
    list: async () => (await repo.list()).map(teamView),

    async create(admin, request) {
      // A name shows in reports and the audit trail: checked by the schema, and here for callers that skip it.
      if (containsPan(request.name)) throw new GatewayError('pan_in_text', 'A team name must not contain a card number');
      const teamId = panFreeId(() => `t-${randomUUID()}`);
      return committed(admin, { type: 'team.create', teamId, details: () => ({ name: request.name, reason: request.reason }) }, (record) =>
        repo.create({ actorId: admin.userId, teamId, name: request.name, at: clock.now() }, record),
      );
    },

    assign: (admin, teamId, request) =>
      committed(
        admin,
        { type: 'team.member.assign', teamId, details: (decided) => ({ userId: request.userId, reason: request.reason, previousTeamId: decided.ok ? decided.previousTeamId : null }) },
        (record) => repo.assign({ actorId: admin.userId, teamId, userId: request.userId, at: clock.now() }, record),
      ),
  };
}
