import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicy, POLICY_LOCATIONS, PolicyError, type PolicySources } from '../../../main/policy/policy-service.ts';
import { policyFromRegQuery } from '../../../main/policy/windows-registry.ts';

const sources = (files: Record<string, string>, overrides: Partial<PolicySources> = {}): PolicySources => ({
  platform: 'linux',
  isDevelopment: false,
  env: {},
  argv: [],
  readText: (path) => files[path] ?? null,
  readPlistAsJson: (path) => files[path] ?? null,
  readRegistryPolicy: () => null,
  ...overrides,
});
const linux = (policy: unknown) => sources({ [POLICY_LOCATIONS.linux]: JSON.stringify(policy) });

describe('managed policy', () => {
  it('fills strict defaults', () => {
    const { policy, source } = loadPolicy(linux({ serverUrl: 'https://gateway.example.com' }));
    expect(source).toBe('/etc/sentinel-desk/policy.json');
    expect(policy).toMatchObject({ idleLockMinutes: 15, panDisplay: 'last4', captureProtection: 'require', tlsPins: [], updates: { enabled: true } });
  });

  it('caps the idle lock at 15 minutes and lets policy lower it', () => {
    expect(loadPolicy(linux({ serverUrl: 'https://g.example', idleLockMinutes: 60 })).policy.idleLockMinutes).toBe(15);
    expect(loadPolicy(linux({ serverUrl: 'https://g.example', idleLockMinutes: 5 })).policy.idleLockMinutes).toBe(5);
  });

  it.each([
    [{ serverUrl: 'http://gateway.example.com' }, 'serverUrl'],
    [{ serverUrl: 'https://g.example', panDisplay: 'full' }, 'panDisplay'],
    [{ serverUrl: 'https://g.example', idleLockMinutes: 0 }, 'idleLockMinutes'],
    [{ serverUrl: 'https://g.example', tlsPins: ['abc'] }, 'tlsPins.0'],
    [{ serverUrl: 'https://g.example', openExternalAllowlist: ['http://help.example'] }, 'openExternalAllowlist.0'],
    [{ serverUrl: 'https://g.example', idleLockMinuts: 5 }, 'idleLockMinuts'],
    [{}, 'serverUrl'],
  ])('refuses %j, naming %s', (policy, key) => {
    expect(() => loadPolicy(linux(policy))).toThrow(PolicyError);
    expect(() => loadPolicy(linux(policy))).toThrow(new RegExp(key.replace('.', '\\.')));
  });

  it('refuses a missing or unreadable policy with a clear message', () => {
    expect(() => loadPolicy(sources({}))).toThrow(/No managed policy at \/etc\/sentinel-desk\/policy.json/);
    expect(() => loadPolicy(sources({ [POLICY_LOCATIONS.linux]: '{not json' }))).toThrow(/not valid JSON/);
  });

  it('reads each OS from its standard place', () => {
    const mac = loadPolicy(sources({ [POLICY_LOCATIONS.darwin]: JSON.stringify({ serverUrl: 'https://g.example' }) }, { platform: 'darwin' }));
    expect(mac.source).toContain('/Library/Managed Preferences/');
    const win = loadPolicy(sources({ [POLICY_LOCATIONS.win32]: JSON.stringify({ serverUrl: 'https://g.example' }) }, { platform: 'win32' }));
    expect(win.source).toContain('SentinelDesk');
  });

  it('reads Group Policy from the registry on Windows, before the ProgramData file', () => {
    const output = [
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\SentinelDesk',
      '    serverUrl    REG_SZ    https://gateway.example.com',
      '    idleLockMinutes    REG_DWORD    0xa',
      '    unlockRequiresOtp    REG_DWORD    0x1',
      '    stateThresholds    REG_SZ    {"idle":{"warnMinutes":3,"alertMinutes":9}}',
      '',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\SentinelDesk\\openExternalAllowlist',
      '    1    REG_SZ    https://help.example.com',
      '',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\SentinelDesk\\updates',
      '    enabled    REG_DWORD    0x0',
    ].join('\r\n');
    const loaded = loadPolicy(sources({}, { platform: 'win32', readRegistryPolicy: () => policyFromRegQuery(output) }));
    expect(loaded.source).toBe('HKLM\\Software\\Policies\\SentinelDesk');
    expect(loaded.policy).toMatchObject({
      serverUrl: 'https://gateway.example.com',
      idleLockMinutes: 10,
      unlockRequiresOtp: true,
      openExternalAllowlist: ['https://help.example.com'],
      updates: { enabled: false },
      stateThresholds: { idle: { warnMinutes: 3, alertMinutes: 9 } },
    });
    // Thresholds that are not JSON stay text, and the schema refuses them by name.
    const broken = output.replace('{"idle":{"warnMinutes":3,"alertMinutes":9}}', 'idle=3');
    expect(() => loadPolicy(sources({}, { platform: 'win32', readRegistryPolicy: () => policyFromRegQuery(broken) }))).toThrow(/stateThresholds/);
    expect(policyFromRegQuery('ERROR: The system was unable to find the specified registry key or value.')).toBeNull();
  });

  it('honours a development override, and ignores it in packaged builds', () => {
    const files = { '/tmp/dev-policy.json': JSON.stringify({ serverUrl: 'http://127.0.0.1:8787' }) };
    const dev = loadPolicy(sources(files, { isDevelopment: true, argv: ['--policy=/tmp/dev-policy.json'] }));
    expect(dev.policy.serverUrl).toBe('http://127.0.0.1:8787');
    expect(() => loadPolicy(sources(files, { isDevelopment: false, env: { SENTINEL_POLICY_FILE: '/tmp/dev-policy.json' } }))).toThrow(/No managed policy/);
  });
  it('refuses hostile state thresholds with a clear message, and keeps sound ones as given', () => {
    const base = { serverUrl: 'https://gateway.example.com' };
    const hostile = fc.oneof(
      fc.record({ warnMinutes: fc.oneof(fc.double().filter((d) => !Number.isInteger(d) || d < 1 || d > 1440), fc.constantFrom(0, -1, 1441, Number.MAX_SAFE_INTEGER, 1.5)), alertMinutes: fc.integer({ min: 1, max: 1440 }) }),
      fc.integer({ min: 2, max: 1440 }).map((warn) => ({ warnMinutes: warn, alertMinutes: warn - 1 })),
      fc.constantFrom<unknown>('5', null, [], { warnMinutes: '5', alertMinutes: 10 }, { warnMinutes: 5, alertMinutes: 10, colour: 'red' }, JSON.parse('{"__proto__":{"warnMinutes":1},"alertMinutes":2}')),
    );
    fc.assert(
      fc.property(fc.constantFrom('idle', 'locked', 'active', 'offline'), hostile, (state, threshold) => {
        expect(() => loadPolicy(linux({ ...base, stateThresholds: { [state]: threshold } }))).toThrow(PolicyError);
      }),
    );
    // A state the board does not know is a typo, not a new state.
    expect(() => loadPolicy(linux({ ...base, stateThresholds: { lunch: { warnMinutes: 5, alertMinutes: 10 } } }))).toThrow(/stateThresholds/);
    const sound = { idle: { warnMinutes: 3, alertMinutes: 3 }, offline: { warnMinutes: 1, alertMinutes: 1440 } };
    expect(loadPolicy(linux({ ...base, stateThresholds: sound })).policy.stateThresholds).toEqual(sound);
  });
});
