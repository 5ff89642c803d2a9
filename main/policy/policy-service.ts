// Loads managed policy from the OS's standard place. Development builds may
// point elsewhere (SENTINEL_POLICY_FILE or --policy=FILE); packaged builds never
// can. Invalid policy stops the app with a message naming the bad key.
import { join } from 'node:path';
import { PolicySchema, type Policy } from './policy-schema.ts';
import { POLICY_REGISTRY_KEY } from './windows-registry.ts';

export const POLICY_LOCATIONS = {
  linux: '/etc/sentinel-desk/policy.json',
  darwin: '/Library/Managed Preferences/com.sentineldesk.workstation.plist',
  win32: join(process.env.ProgramData ?? 'C:\\ProgramData', 'SentinelDesk', 'policy.json'),
} as const;

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

export interface PolicySources {
  readonly platform: NodeJS.Platform;
  /** Development builds only: packaged apps ignore env and argv. */
  readonly isDevelopment: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly argv: readonly string[];
  /** The file's text, or null when it does not exist. */
  readonly readText: (path: string) => string | null;
  /** macOS: a managed-preferences plist as JSON text (plutil -convert json), or null. */
  readonly readPlistAsJson: (path: string) => string | null;
  /** Windows: the Group Policy registry key as a policy object, or null when the key is absent. */
  readonly readRegistryPolicy: () => Record<string, unknown> | null;
}

export interface LoadedPolicy {
  readonly policy: Policy;
  readonly source: string;
}

function overridePath(sources: PolicySources): string | undefined {
  if (!sources.isDevelopment) return undefined;
  const fromArgv = sources.argv.find((a) => a.startsWith('--policy='))?.slice('--policy='.length);
  return fromArgv ?? sources.env.SENTINEL_POLICY_FILE;
}

export function loadPolicy(sources: PolicySources): LoadedPolicy {
  const override = overridePath(sources);
  const platform = sources.platform === 'darwin' || sources.platform === 'win32' ? sources.platform : 'linux';
  // Group Policy wins on Windows; the ProgramData JSON file is the fallback for machines without it.
  const registry = platform === 'win32' && override === undefined ? sources.readRegistryPolicy() : null;
  const source = registry !== null ? POLICY_REGISTRY_KEY : (override ?? POLICY_LOCATIONS[platform]);
  let raw: unknown = registry;
  if (raw === null) {
    const text = platform === 'darwin' && override === undefined ? sources.readPlistAsJson(source) : sources.readText(source);
    if (text === null) throw new PolicyError(`No managed policy at ${source}. IT must install one (serverUrl at least) before Sentinel Desk can start.`);
    try {
      raw = JSON.parse(text);
    } catch {
      throw new PolicyError(`The managed policy at ${source} is not valid JSON.`);
    }
  }
  const parsed = PolicySchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.length > 0 ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(policy)';
      return `${key}: ${issue.message}`;
    });
    throw new PolicyError(`The managed policy at ${source} is invalid: ${problems.join('; ')}`);
  }
  return { policy: parsed.data, source };
}
