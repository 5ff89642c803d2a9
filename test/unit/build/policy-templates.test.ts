// The IT policy templates load, and each names every key of the policy schema.
import { XMLParser } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import { PolicySchema } from '../../../main/policy/policy-schema.ts';

const dir = join(import.meta.dirname, '..', '..', '..', 'build', 'policy');
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

/** The settings written as a registry subkey of values (the rest of the objects are one JSON value). */
const SUBKEY_SETTINGS = new Set(['updates', 'auditLog']);
/** Every policy key, those of a subkey setting as `updates.enabled`. */
const POLICY_KEYS = Object.entries(PolicySchema.shape).flatMap(([key, schema]) => {
  const inner = (schema as { unwrap?: () => unknown }).unwrap?.() as { shape?: Record<string, unknown> } | undefined;
  return SUBKEY_SETTINGS.has(key) && inner?.shape ? Object.keys(inner.shape).map((k) => `${key}.${k}`) : [key];
});

describe('policy templates', () => {
  it('cover the schema', () => {
    expect(POLICY_KEYS).toEqual(expect.arrayContaining(['serverUrl', 'tlsPins', 'idleLockMinutes', 'panDisplay', 'captureProtection', 'updates.enabled', 'updates.url', 'auditRetentionDays', 'openExternalAllowlist']));
  });

  it('ADMX parses and writes a registry value for every policy key; ADML has its strings', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    const admx = parser.parse(read('SentinelDesk.admx')) as { policyDefinitions: { policies: { policy: Record<string, unknown>[] } } };
    const named = new Set<string>();
    const walk = (node: unknown, key: string): void => {
      if (Array.isArray(node)) node.forEach((n) => walk(n, key));
      else if (typeof node === 'object' && node !== null) {
        const record = node as Record<string, unknown>;
        const subkey = typeof record.key === 'string' ? record.key.replace(/^Software\\Policies\\SentinelDesk\\?/, '') : key;
        if (typeof record.valueName === 'string') named.add(subkey === '' ? record.valueName : `${subkey}.${record.valueName}`);
        if (typeof record.id === 'string' && typeof record.key === 'string' && subkey !== '') named.add(subkey);
        for (const value of Object.values(record)) walk(value, subkey);
      }
    };
    walk(admx.policyDefinitions.policies.policy, '');
    for (const key of POLICY_KEYS) expect(named, key).toContain(key);
    const adml = read('en-US/SentinelDesk.adml');
    for (const match of read('SentinelDesk.admx').matchAll(/\$\(string\.(\w+)\)/g)) expect(adml).toContain(`id="${match[1] ?? ''}"`);
  });

  it('the macOS profile parses as a plist and carries every key, and its payload is a valid policy', () => {
    const profile = parsePlist(read('com.sentineldesk.workstation.mobileconfig')) as { PayloadContent: Record<string, unknown>[] };
    const payload = profile.PayloadContent[0] ?? {};
    for (const key of POLICY_KEYS) {
      const [outer = '', inner] = key.split('.');
      expect(inner === undefined ? payload[outer] : (payload[outer] as Record<string, unknown>)[inner], key).toBeDefined();
    }
    const policyOnly = Object.fromEntries(Object.entries(payload).filter(([k]) => !k.startsWith('Payload')));
    expect(PolicySchema.safeParse(policyOnly).success).toBe(true);
  });

  it('the Linux example is a valid policy with every key', () => {
    const example = JSON.parse(read('policy.example.json')) as Record<string, unknown>;
    expect(PolicySchema.safeParse(example).success).toBe(true);
    for (const key of POLICY_KEYS) expect(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], example), key).toBeDefined();
  });
});
