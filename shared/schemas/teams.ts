// Teams (issue 26, and issue 24's team filter): an account belongs to at most
// one team. Admins create teams and assign accounts, each with a reason.
import { z } from 'zod';
import { AdminReasonSchema, UserIdSchema } from './admin.ts';
import { panFreeText, recordId, TimestampSchema } from './common.ts';

export const TeamIdSchema = recordId('teamId');
export const TeamNameSchema = panFreeText('team name', 2, 80);
export const TeamParamsSchema = z.object({ teamId: TeamIdSchema });

export const TEAM_MAX_MEMBERS = 500;
export const TeamSchema = z.object({
  teamId: TeamIdSchema,
  name: TeamNameSchema,
  createdAt: TimestampSchema,
  createdBy: z.string().max(128),
  /** The accounts in the team, by user ID, sorted. */
  members: z.array(UserIdSchema).max(TEAM_MAX_MEMBERS),
});
export type Team = z.infer<typeof TeamSchema>;

export const CreateTeamRequestSchema = z.object({ name: TeamNameSchema, reason: AdminReasonSchema });
export type CreateTeamRequest = z.infer<typeof CreateTeamRequestSchema>;

/** Puts the account in this team, moving it out of any other. */
export const AssignTeamMemberRequestSchema = z.object({ userId: UserIdSchema, reason: AdminReasonSchema });
export type AssignTeamMemberRequest = z.infer<typeof AssignTeamMemberRequestSchema>;
