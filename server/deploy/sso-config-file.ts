// Reads `--sso-config FILE`: the gateway's `sso` settings (providers, MFA
// policy) as JSON. It holds each provider's client secret, so a file that its
// group or others may read is refused, as are unknown or malformed settings,
// each named.
import { readFileSync, statSync } from 'node:fs';
import { describeIssues } from '../../shared/errors.ts';
import { GatewayConfigSchema, type GatewayConfigInput } from '../config.ts';

export function readSsoConfigFile(path: string): NonNullable<GatewayConfigInput['sso']> {
  let text: string;
  try {
    if ((statSync(path).mode & 0o077) !== 0) throw new Error(`--sso-config ${path} holds client secrets: make it readable by the gateway's user only (chmod 600)`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw error instanceof Error && error.message.startsWith('--sso-config') ? error : new Error(`--sso-config ${path} cannot be read`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`--sso-config ${path} is not JSON`);
  }
  // Strict at the top, so a misspelt setting is named rather than silently left at its default.
  const parsed = GatewayConfigSchema.shape.sso.unwrap().strict().safeParse(json);
  if (!parsed.success) throw new Error(`--sso-config ${path}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
