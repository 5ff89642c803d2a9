// Which role changes need a second admin (shared/second-admin.ts), over every
// pair of role sets: making an admin, or giving an admin (before or after) a
// role that reads customer data; never taking roles away, never a change
// between non-admins.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/roles.ts';
import { needsSecondAdmin } from '../../../shared/second-admin.ts';

const rolesArb = fc.subarray([...ROLES]);

describe('needsSecondAdmin', () => {
  it('needs one for the changes the insider made: an admin created, admin granted, agent given to an admin', () => {
    expect(needsSecondAdmin(null, ['admin'])).toBe(true);
    expect(needsSecondAdmin(['agent'], ['agent', 'admin'])).toBe(true);
    expect(needsSecondAdmin(['admin'], ['admin', 'agent'])).toBe(true);
    // An admin turned into an agent in one step is an admin given customer data.
    expect(needsSecondAdmin(['admin'], ['agent'])).toBe(true);
    expect(needsSecondAdmin(null, ['agent'])).toBe(false);
    expect(needsSecondAdmin(['admin'], ['admin', 'supervisor'])).toBe(false);
  });

  it('never needs one to take roles away, nor between accounts that are no admin before or after', () => {
    fc.assert(
      fc.property(rolesArb, rolesArb, (before: Role[], after: Role[]) => {
        if (after.every((role) => before.includes(role))) expect(needsSecondAdmin(before, after)).toBe(false);
        if (!before.includes('admin') && !after.includes('admin')) expect(needsSecondAdmin(before, after)).toBe(false);
      }),
    );
  });

  it('always needs one to grant admin, and a new account is judged as one with no roles', () => {
    fc.assert(
      fc.property(rolesArb, rolesArb, (before: Role[], after: Role[]) => {
        if (after.includes('admin') && !before.includes('admin')) expect(needsSecondAdmin(before, after)).toBe(true);
        expect(needsSecondAdmin(null, after)).toBe(needsSecondAdmin([], after));
      }),
    );
  });
});
