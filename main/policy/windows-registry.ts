// Windows Group Policy lands in HKLM\Software\Policies\SentinelDesk. This turns
// `reg query <key> /s` output into the same shape as the JSON policy: values
// by name, list subkeys (tlsPins, openExternalAllowlist) as arrays, the
// `updates` subkey as an object, DWORDs for boolean keys as booleans, and the
// one nested setting (stateThresholds) as a JSON string, which the schema checks.
export const POLICY_REGISTRY_KEY = 'HKLM\\Software\\Policies\\SentinelDesk';

const LIST_KEYS = new Set(['tlsPins', 'openExternalAllowlist']);
const BOOLEAN_KEYS = new Set(['unlockRequiresOtp', 'updates.enabled']);
const JSON_KEYS = new Set(['stateThresholds']);

/** A JSON value as written in a REG_SZ; what does not parse stays text, for the schema to refuse by name. */
function jsonOrText(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function valueOf(type: string, raw: string, path: string): unknown {
  if (type === 'REG_DWORD' || type === 'REG_QWORD') {
    const number = Number.parseInt(raw, 16);
    return BOOLEAN_KEYS.has(path) ? number !== 0 : number;
  }
  return JSON_KEYS.has(path) ? jsonOrText(raw) : raw;
}

export function policyFromRegQuery(output: string): Record<string, unknown> | null {
  const policy: Record<string, unknown> = {};
  let subkey: string | null = null;
  let found = false;
  for (const line of output.split(/\r?\n/)) {
    const header = /^HKEY_LOCAL_MACHINE\\Software\\Policies\\SentinelDesk(?:\\(\w+))?\s*$/i.exec(line);
    if (header !== null) {
      found = true;
      subkey = header[1] ?? null;
      continue;
    }
    const value = /^\s{2,}(\S+)\s+(REG_\w+)\s*(.*)$/.exec(line);
    if (value === null) continue;
    const [, name = '', type = '', raw = ''] = value;
    if (subkey === null) policy[name] = valueOf(type, raw, name);
    else if (LIST_KEYS.has(subkey)) ((policy[subkey] ??= []) as unknown[]).push(valueOf(type, raw, subkey));
    else ((policy[subkey] ??= {}) as Record<string, unknown>)[name] = valueOf(type, raw, `${subkey}.${name}`);
  }
  return found ? policy : null;
}
