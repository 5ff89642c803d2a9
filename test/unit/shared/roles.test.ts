import { describe, expect, it } from 'vitest';
import { can, decideAccess, PERMISSIONS, permissionsOf, ROLES } from '../../../shared/roles.ts';

describe('roles and permissions', () => {
  it('lets agents work with customers and nothing supervisory', () => {
    expect(can(['agent'], 'customers.lookup')).toBe(true);
    expect(can(['agent'], 'supervisor.auditRead')).toBe(false);
    expect(can(['agent'], 'admin.users')).toBe(false);
  });

  it('keeps supervisors out of cardholder data unless they also hold the agent role', () => {
    expect(can(['supervisor'], 'customers.lookup')).toBe(false);
    expect(can(['supervisor'], 'supervisor.reports')).toBe(true);
    expect(can(['supervisor', 'agent'], 'customers.lookup')).toBe(true);
  });

  it('gives every permission to some role, and admins no customer access', () => {
    const granted = new Set(ROLES.flatMap((role) => [...permissionsOf([role])]));
    expect([...granted].sort()).toEqual([...PERMISSIONS].sort());
    expect(permissionsOf(['admin']).has('customers.read')).toBe(false);
  });

  it('decides access for public, session and permission rules', () => {
    expect(decideAccess('public', null)).toBe('allow');
    expect(decideAccess('session', null)).toBe('unauthenticated');
    expect(decideAccess('session', ['agent'])).toBe('allow');
    expect(decideAccess('supervisor.monitor', ['agent'])).toBe('forbidden');
    expect(decideAccess('supervisor.monitor', null)).toBe('unauthenticated');
    expect(decideAccess('supervisor.monitor', [])).toBe('forbidden');
  });

  it('lets a session with pending setup reach account rules only', () => {
    const pending = ['password_change', 'mfa_enrolment'];
    expect(decideAccess('account', null)).toBe('unauthenticated');
    expect(decideAccess('account', ['agent'], pending)).toBe('allow');
    expect(decideAccess('account', ['agent'])).toBe('allow');
    expect(decideAccess('session', ['agent'], pending)).toBe('setup_required');
    for (const permission of PERMISSIONS) expect(decideAccess(permission, ['agent', 'supervisor', 'admin'], ['mfa_enrolment'])).toBe('setup_required');
    expect(decideAccess('public', null, pending)).toBe('allow');
  });
});
