// A real OpenID Connect provider (`oidc-provider`, a certified implementation)
// on 127.0.0.1, with its own sign-in page and people. The desk is registered as
// a native confidential client with the loopback redirect (RFC 8252: any port).
// A test can change the next token answer (`tamperNextIdToken`), as a hostile
// or broken provider would, and rotate the signing key.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { renderSignInPage, readForm } from './sign-in-page.ts';

export interface ProviderPerson {
  readonly username: string;
  readonly password: string;
  /** The person signs in with a second factor: the ID token's `amr` says so. */
  readonly mfa: boolean;
}

export interface IdentityProvider extends AsyncDisposable {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The key the provider signs with now (private), for tests that forge tokens "signed by the provider". */
  readonly signingKey: () => JWK;
  /** The next token answer's ID token passes through `rewrite` first. */
  tamperNextIdToken(rewrite: (idToken: string) => Promise<string> | string): void;
  /** A new signing key with a new key ID; the old one is no longer published. */
  rotateSigningKey(): Promise<void>;
  close(): Promise<void>;
}

const REDIRECT_REGISTERED = 'http://127.0.0.1/callback';

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

export async function startIdentityProvider(options: { people: readonly ProviderPerson[]; clientId?: string }): Promise<IdentityProvider> {
  const clientId = options.clientId ?? 'sentinel-desk';
  const clientSecret = randomBytes(32).toString('base64url');
  // Subjects unrelated to the usernames, as at a real provider: the gateway links them to accounts.
  const people = new Map(options.people.map((p) => [`sub-${randomBytes(6).toString('hex')}`, p]));
  let tamper: ((idToken: string) => Promise<string> | string) | null = null;
  let key = await newSigningKey();

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const build = (): Provider => {
    const configuration: Configuration = {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          application_type: 'native',
          redirect_uris: [REDIRECT_REGISTERED],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [key] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      claims: { openid: ['sub', 'amr', 'auth_time'], profile: ['name', 'preferred_username'], email: ['email'] },
      // The username goes into the ID token itself: the gateway reads no userinfo.
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx, subject) => {
        const person = people.get(subject);
        if (person === undefined) return undefined;
        return { accountId: subject, claims: () => ({ sub: subject, preferred_username: person.username, name: person.username, email: `${person.username}@example.test` }) };
      },
      ttl: { IdToken: 3600, AuthorizationCode: 120, Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600 },
    };
    const provider = new Provider(issuer, configuration);
    provider.use(async (ctx, next) => {
      await next();
      const body = ctx.body as { id_token?: unknown } | undefined;
      if (ctx.path === '/token' && ctx.status === 200 && typeof body?.id_token === 'string' && tamper !== null) {
        const rewrite = tamper;
        tamper = null;
        ctx.body = { ...body, id_token: await rewrite(body.id_token) };
      }
    });
    return provider;
  };
  let provider = build();

  const interaction = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const details = await provider.interactionDetails(req, res);
    // A first-party application: no consent page, the grant covers what the desk asks for.
    if (details.prompt.name === 'consent' && details.session?.accountId !== undefined) {
      const grant = new provider.Grant({ clientId, accountId: details.session.accountId });
      grant.addOIDCScope(String(details.params.scope));
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      return;
    }
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderSignInPage(details.uid, null));
      return;
    }
    const form = await readForm(req);
    const found = [...people].find(([, person]) => person.username === form.get('username') && person.password === form.get('password'));
    if (found === undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderSignInPage(details.uid, 'Wrong username or password'));
      return;
    }
    const [subject, person] = found;
    await provider.interactionFinished(req, res, { login: { accountId: subject, amr: person.mfa ? ['pwd', 'otp', 'mfa'] : ['pwd'] } }, { mergeWithLastSubmission: false });
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/') === true) {
      interaction(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      return;
    }
    void provider.callback()(req, res);
  });

  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error === undefined ? resolve() : reject(error)));
    });
  return {
    issuer,
    clientId,
    clientSecret,
    signingKey: () => key,
    tamperNextIdToken(rewrite) {
      tamper = rewrite;
    },
    async rotateSigningKey() {
      key = await newSigningKey();
      provider = build();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
