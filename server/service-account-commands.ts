// `npm run admin -- create-service-account SOURCE --types customer,order --reason TEXT [--webhook-mappings FILE.json]`
// (a contact-center platform: `--types contact_event --platform amazon-connect --agents FILE.json`, and for Twilio
// `--callback-url URL --auth-token-file FILE`, the token read from a file so it is never on a command line) and
// `npm run admin -- revoke-service-account ACCOUNT_ID --reason TEXT`: a system of record's
// service account from the host, for a gateway with no admin signed in yet. The same service as
// the admin route does the work (same audit events); the operator's command is the actor.
import { readFileSync } from 'node:fs';
import { routes } from '../shared/api.ts';
import { describeIssues } from '../shared/errors.ts';
import { CreateServiceAccountRequestSchema, ServiceAccountIdSchema } from '../shared/schemas/service-accounts.ts';
import { AdminReasonSchema } from '../shared/schemas/admin.ts';
import { systemClock } from './config.ts';
import { loadGatewaySecrets } from './deploy/secrets-source.ts';
import { createSecretBox } from './identity/secret-box.ts';
import { createServiceAccounts } from './records/service-accounts.ts';
import { openToolServices, type ReportError } from './services.ts';

/** The actor the audit trail names for the host's operator. */
export const CLI_ACTOR = { userId: null, username: 'npm run admin', roles: [] } as const;

export interface ServiceAccountCommandOptions {
  readonly dataDir: string;
  readonly database: string | undefined;
  readonly secretsDir: string | null;
  readonly production: boolean;
  readonly reportError: ReportError;
}

interface CommandValues {
  types?: string | undefined;
  reason?: string | undefined;
  'webhook-mappings'?: string | undefined;
  platform?: string | undefined;
  agents?: string | undefined;
  'callback-url'?: string | undefined;
  'auth-token-file'?: string | undefined;
}

/** A file's contents, as JSON or as trimmed text; a thrown error names the option. */
function readOption(option: string, path: string, as: 'json' | 'text'): unknown {
  try {
    const text = readFileSync(path, 'utf8');
    return as === 'json' ? JSON.parse(text) : text.trim();
  } catch (error) {
    throw new Error(`--${option}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The request's contactCenter from --platform, --agents, --callback-url and --auth-token-file; undefined without --platform. */
function contactCenterOf(values: CommandValues): unknown {
  if (values.platform === undefined) {
    const stray = (['agents', 'callback-url', 'auth-token-file'] as const).find((option) => values[option] !== undefined);
    if (stray !== undefined) throw new Error(`--${stray}: only with --platform`);
    return undefined;
  }
  return {
    platform: values.platform,
    ...(values.agents === undefined ? {} : { agents: readOption('agents', values.agents, 'json') }),
    ...(values['callback-url'] === undefined ? {} : { callbackUrl: values['callback-url'] }),
    ...(values['auth-token-file'] === undefined ? {} : { authToken: readOption('auth-token-file', values['auth-token-file'], 'text') }),
  };
}

/** Parses the command's arguments; a message for the usage error, or the work to run. */
export function serviceAccountCommand(
  command: string,
  name: string,
  values: CommandValues,
): { error: string } | { run: (options: ServiceAccountCommandOptions) => Promise<string> } {
  const reason = AdminReasonSchema.safeParse(values.reason ?? '');
  if (!reason.success) return { error: `--reason: ${describeIssues(reason.error)}` };
  if (command === 'create-service-account') {
    let webhookMappings: unknown;
    let contactCenter: unknown;
    try {
      webhookMappings = values['webhook-mappings'] === undefined ? [] : readOption('webhook-mappings', values['webhook-mappings'], 'json');
      contactCenter = contactCenterOf(values);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    const request = CreateServiceAccountRequestSchema.safeParse({
      source: name,
      recordTypes: (values.types ?? '').split(',').filter((t) => t !== ''),
      reason: reason.data,
      webhookMappings,
      contactCenter,
    });
    if (!request.success) return { error: describeIssues(request.error) };
    return {
      run: (options) =>
        withAccounts(options, async (accounts) => {
          const grant = await accounts.create(CLI_ACTOR, request.data);
          const platform = grant.account.contactCenter?.platform;
          return [
            `created service account ${grant.account.accountId} for source ${grant.account.source} (${grant.account.recordTypes.join(', ')})`,
            ...(platform === undefined ? [] : [`contact-center platform ${platform}: events to ${routes.contactEvents.path.replace(':source', grant.account.source)}`]),
            `bearer token (shown once): ${grant.token}`,
            grant.webhookSecret === null ? 'webhook signing secret: the Twilio auth token given (kept sealed, not shown)' : `webhook signing secret (shown once): ${grant.webhookSecret}`,
          ].join('\n');
        }),
    };
  }
  const accountId = ServiceAccountIdSchema.safeParse(name);
  if (!accountId.success) return { error: `account ID: ${describeIssues(accountId.error)}` };
  return {
    run: (options) =>
      withAccounts(options, async (accounts) => {
        const revoked = await accounts.revoke(CLI_ACTOR, accountId.data, reason.data);
        return `revoked service account ${revoked.accountId} of source ${revoked.source}`;
      }),
  };
}

async function withAccounts(options: ServiceAccountCommandOptions, work: (accounts: ReturnType<typeof createServiceAccounts>) => Promise<string>): Promise<string> {
  const secrets = loadGatewaySecrets({ production: options.production, dataDir: options.dataDir, secretsDir: options.secretsDir, env: process.env });
  const { store, audit, close } = await openToolServices({ dataDir: options.dataDir, database: options.database, reportError: options.reportError });
  try {
    return await work(createServiceAccounts({ repo: store.serviceAccounts, seal: createSecretBox(secrets.sealKey), audit, clock: systemClock }));
  } finally {
    await close();
  }
}
