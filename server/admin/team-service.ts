// Teams (issue 26): admins create teams and put accounts in them, each change
// with a reason and committed together with its audit record (audit.commit).
import { randomUUID } from 'node:crypto';
import { containsPan, panFreeId } from '../../shared/pan.ts';
import type { AssignTeamMemberRequest, CreateTeamRequest, Team } from '../../shared/schemas/teams.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { TeamChangeOutcome, TeamRecord, TeamRepo } from '../storage/store.ts';

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
  return {
    list: async () => (await repo.list()).map(teamView),

    async create(admin, request) {
      // A name shows in reports and the audit trail: checked by the schema, and here for callers that skip it.
      if (containsPan(request.name)) throw new GatewayError('pan_in_text', 'A team name must not contain a card number');
      const teamId = panFreeId(() => `t-${randomUUID()}`);
      const outcome = await audit.commit(() =>
        repo.create({ actorId: admin.userId, teamId, name: request.name, at: clock.now() }, (decided) =>
          audit.prepare({
            type: 'team.create',
            outcome: decided.ok ? 'success' : 'failure',
            ...(decided.ok ? {} : { reason: decided.refusal }),
            actor: admin,
            target: { kind: 'team', id: teamId },
            details: { name: request.name, reason: request.reason },
          }),
        ),
      );
      if (!outcome.ok) throw REFUSALS[outcome.refusal]();
      return teamView(outcome.team);
    },

    async assign(admin, teamId, request) {
      const outcome = await audit.commit(() =>
        repo.assign({ actorId: admin.userId, teamId, userId: request.userId, at: clock.now() }, (decided) =>
          audit.prepare({
            type: 'team.member.assign',
            outcome: decided.ok ? 'success' : 'failure',
            ...(decided.ok ? {} : { reason: decided.refusal }),
            actor: admin,
            target: { kind: 'team', id: teamId },
            details: { userId: request.userId, reason: request.reason, previousTeamId: decided.ok ? decided.previousTeamId : null },
          }),
        ),
      );
      if (!outcome.ok) throw REFUSALS[outcome.refusal]();
      return teamView(outcome.team);
    },
  };
}
