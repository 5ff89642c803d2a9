// The provider's groups the gateway knows: configured by display name, each
// granting one role (config.scim.groups). A group's ID is its name made URL-safe,
// so every instance and every restart gives it the same one.
import type { Role } from '../../../shared/roles.ts';

export interface ScimGroupEntry {
  readonly id: string;
  readonly displayName: string;
  readonly role: Role;
}

export type ScimGroupMap = readonly ScimGroupEntry[];

const idOf = (displayName: string): string => `g-${displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60)}`;

export function scimGroupMap(configured: Readonly<Record<string, Role>>): ScimGroupMap {
  return Object.entries(configured).map(([displayName, role]) => ({ id: idOf(displayName), displayName, role }));
}

/** The configured groups among `ids`, in configuration order; an ID no longer configured is skipped. */
export const groupsOf = (map: ScimGroupMap, ids: readonly string[]): ScimGroupEntry[] => map.filter((group) => ids.includes(group.id));

export const groupNamed = (map: ScimGroupMap, displayName: string): ScimGroupEntry | undefined =>
  map.find((group) => group.displayName.toLowerCase() === displayName.toLowerCase());
