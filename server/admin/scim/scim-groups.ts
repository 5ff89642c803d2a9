// SCIM Groups: the provider's groups that grant a role, as configured. A
// provider reads and lists them, "creates" one by its configured name (it gets
// the existing group), and changes its members with PATCH or PUT; each member
// change is a change of that person's roles (scim-users.ts). A group that is
// not configured grants nothing and is refused, so no provider can invent a role.
import {
  SCIM_SCHEMA,
  ScimGroupInputSchema,
  ScimGroupMemberSchema,
  ScimListQuerySchema,
  ScimPatchRequestSchema,
  type ScimGroup,
  type ScimGroupList,
  type ScimListQuery,
} from '../../../shared/schemas/scim.ts';
import type { SourcePrincipal } from '../../records/service-accounts.ts';
import type { ScimRepo } from '../../storage/store.ts';
import { ScimFailure } from './scim-error.ts';
import { parseEqualityFilter } from './scim-filter.ts';
import { groupNamed, type ScimGroupEntry, type ScimGroupMap } from './scim-group-map.ts';
import { ALL_PEOPLE, parseScim, profileOf, type ScimUsers } from './scim-users.ts';

export interface ScimGroups {
  create(provider: SourcePrincipal, body: unknown): Promise<ScimGroup>;
  get(groupId: string): Promise<ScimGroup>;
  list(query: unknown): Promise<ScimGroupList>;
  replace(provider: SourcePrincipal, groupId: string, body: unknown): Promise<ScimGroup>;
  patch(provider: SourcePrincipal, groupId: string, body: unknown): Promise<ScimGroup>;
}

const MEMBER_FILTER = /^members\[\s*value\s+eq\s+"([^"]{1,64})"\s*\]$/i;

/** The user IDs an operation's value names: `[{ value }]`, or one `{ value }`. */
function memberIds(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => parseScim(ScimGroupMemberSchema, item, 'members').value);
}

export function createScimGroups(deps: { repo: ScimRepo; users: ScimUsers; groups: ScimGroupMap }): ScimGroups {
  const { repo, users, groups } = deps;

  const find = (groupId: string): ScimGroupEntry => {
    const group = groups.find((g) => g.id === groupId);
    if (group === undefined) throw new ScimFailure(404, 'No such group');
    return group;
  };

  const view = async (group: ScimGroupEntry): Promise<ScimGroup> => {
    const { accounts } = await repo.list({ offset: 0, limit: ALL_PEOPLE });
    const members = accounts.filter((account) => profileOf(account).groups.includes(group.id));
    return {
      schemas: [SCIM_SCHEMA.group],
      id: group.id,
      displayName: group.displayName,
      members: members.map((account) => ({ value: account.userId, display: account.username })),
      meta: { resourceType: 'Group', location: `/scim/v2/Groups/${group.id}` },
    };
  };

  const join = (provider: SourcePrincipal, group: ScimGroupEntry, ids: readonly string[]) =>
    Promise.all(ids.map((id) => users.setGroups(provider, id, (current) => [...new Set([...current, group.id])])));
  const leave = (provider: SourcePrincipal, group: ScimGroupEntry, ids: readonly string[]) =>
    Promise.all(ids.map((id) => users.setGroups(provider, id, (current) => current.filter((g) => g !== group.id))));

  /** Makes the members exactly `ids`. */
  const setMembers = async (provider: SourcePrincipal, group: ScimGroupEntry, ids: readonly string[]): Promise<void> => {
    const present = (await view(group)).members.map((member) => member.value);
    await leave(provider, group, present.filter((id) => !ids.includes(id)));
    await join(provider, group, ids.filter((id) => !present.includes(id)));
  };

  return {
    async create(provider, body) {
      await users.screen(provider, body, { kind: 'url', id: 'POST /scim/v2/Groups' });
      const input = parseScim(ScimGroupInputSchema, body, 'Group');
      const group = groupNamed(groups, input.displayName);
      if (group === undefined) throw new ScimFailure(400, 'The gateway maps only its configured groups to roles; this one is not among them', 'invalidValue');
      if ((await view(group)).members.length > 0 || input.members.length === 0) return view(group);
      await setMembers(provider, group, input.members.map((m) => m.value));
      return view(group);
    },
    get: (groupId) => view(find(groupId)),
    async list(query) {
      const { filter, startIndex, count }: ScimListQuery = parseScim(ScimListQuerySchema, query, 'query');
      const where = filter === undefined ? undefined : parseEqualityFilter(filter, ['displayname']);
      const matching = groups.filter((group) => where === undefined || group.displayName.toLowerCase() === where.value.toLowerCase());
      const page = await Promise.all(matching.slice(startIndex - 1, startIndex - 1 + count).map(view));
      return { schemas: [SCIM_SCHEMA.list], totalResults: matching.length, startIndex, itemsPerPage: page.length, Resources: page };
    },
    async replace(provider, groupId, body) {
      const group = find(groupId);
      await users.screen(provider, body, { kind: 'url', id: `PUT /scim/v2/Groups/${group.id}` });
      const input = parseScim(ScimGroupInputSchema, body, 'Group');
      await setMembers(provider, group, input.members.map((m) => m.value));
      return view(group);
    },
    async patch(provider, groupId, body) {
      const group = find(groupId);
      await users.screen(provider, body, { kind: 'url', id: `PATCH /scim/v2/Groups/${group.id}` });
      const { Operations } = parseScim(ScimPatchRequestSchema, body, 'PatchOp');
      for (const { op, path, value } of Operations) {
        const filtered = path === undefined ? null : MEMBER_FILTER.exec(path);
        if (filtered?.[1] !== undefined && op === 'remove') await leave(provider, group, [filtered[1]]);
        else if (path?.toLowerCase() === 'members') {
          if (op === 'add') await join(provider, group, memberIds(value));
          else if (op === 'remove') await leave(provider, group, value === undefined ? (await view(group)).members.map((m) => m.value) : memberIds(value));
          else await setMembers(provider, group, memberIds(value));
        } else if (path === undefined || path.toLowerCase() === 'displayname') {
          // Okta renames by a replace of displayName: the configured name is what grants the role, so it stays.
          continue;
        } else throw new ScimFailure(400, 'A group PATCH changes members only', 'invalidPath');
      }
      return view(group);
    },
  };
}
