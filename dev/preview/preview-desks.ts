// The preview as `npm run preview` and the Electron-less `npm run demo` serve it:
// one gateway with demo data on a fixed port, an agent, a supervisor and an admin
// desk (each its own main-process services, keychain entry and audit queue), and a
// switch that stops and restarts the gateway on the same port and data folder,
// so a person can watch the desks ride out an outage. The gateway's data folder
// may be kept across runs (the same accounts and TOTP secrets each time), or the
// desks may point at a deployment's gateway instead.
import { mkdirSync } from 'node:fs';
import { createKeychainSecretStore } from '../../main/secrets/secret-store.ts';
import type { GatewayConfigInput } from '../../server/config.ts';
import { DEMO_CARRIER_ORIGINS } from '../../server/seed/demo-data.ts';
import { demoCredentials, type DemoAccount } from '../../server/seed/demo-seed.ts';
import { startSeededGateway, type SeededGateway } from '../../test/harness/gateway/gateway.ts';
import { startPreviewStack, type PreviewStack, type RemoteGateway } from './preview-stack.ts';

/** The preview's timers against the shell's, said out loud wherever the preview starts. */
export const PREVIEW_TIMERS = {
  idleLockMinutes: 2,
  text: 'Preview timers are faster than production: idle lock after 2 min without a request from the page (production: system-wide input, policy idleLockMinutes, default 15), audit sync and heartbeat every 1 s (production: 10 s and 30 s).',
} as const;


export interface GatewaySwitch {
  readonly running: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface PreviewDesks {
  readonly gatewayUrl: string;
  readonly agent: PreviewStack;
  readonly supervisor: PreviewStack;
  readonly admin: PreviewStack;
  /** The reference gateway's stop/start switch; null when the desks use a deployment's gateway. */
  readonly gatewaySwitch: GatewaySwitch | null;
  /** The reference gateway's data folder (null for a deployment's gateway). */
  readonly dataDir: string | null;
  /** The demo accounts (none for a deployment's gateway: its people sign in with their own). */
  readonly accounts: (Pick<DemoAccount, 'username' | 'password' | 'roles'> & { totpSecret: string | null })[];
  close(): Promise<void>;
}

export interface PreviewDesksOptions {
  readonly gatewayPort?: number;
  readonly keychainService?: string;
  readonly customers?: number;
  /** The gateway's settings (single sign-on with the demo provider). */
  readonly gatewayConfig?: GatewayConfigInput;
  /** What stands for the OS browser: the preview prints the address. */
  readonly openExternal?: (url: string) => Promise<void>;
  /** The reference gateway's data folder; an existing one keeps its accounts, TOTP secrets and customers (default: a new temporary one). */
  readonly dataDir?: string;
  /** Desks against this gateway instead of the reference one. */
  readonly remote?: RemoteGateway;
}

export async function startPreviewDesks(options: PreviewDesksOptions = {}): Promise<PreviewDesks> {
  const service = options.keychainService ?? 'sentinel-desk-preview';
  const policy = { idleLockMinutes: PREVIEW_TIMERS.idleLockMinutes, openExternalAllowlist: [...DEMO_CARRIER_ORIGINS] };
  const opener = options.openExternal === undefined ? {} : { openExternal: options.openExternal };
  const desksOn = async (gateway: SeededGateway | RemoteGateway): Promise<Pick<PreviewDesks, 'agent' | 'supervisor' | 'admin'>> => ({
    agent: await startPreviewStack({ gateway, policy, secrets: createKeychainSecretStore(`${service}-agent`), ...opener }),
    supervisor: await startPreviewStack({ gateway, policy, secrets: createKeychainSecretStore(`${service}-supervisor`), ...opener }),
    admin: await startPreviewStack({ gateway, policy, secrets: createKeychainSecretStore(`${service}-admin`), ...opener }),
  });
  const closeDesks = async (desks: Pick<PreviewDesks, 'agent' | 'supervisor' | 'admin'>): Promise<void> => {
    await desks.admin.close();
    await desks.supervisor.close();
    await desks.agent.close();
  };

  if (options.remote !== undefined) {
    const desks = await desksOn(options.remote);
    return { gatewayUrl: options.remote.url, ...desks, gatewaySwitch: null, dataDir: null, accounts: [], close: () => closeDesks(desks) };
  }

  const gatewayConfig = options.gatewayConfig ?? {};
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const dirOption = options.dataDir === undefined ? {} : { dir: options.dataDir };
  let gateway = await startSeededGateway({
    ...dirOption,
    gatewayPort: options.gatewayPort ?? 8787,
    gatewayConfig,
    ...(options.customers === undefined ? {} : { customers: options.customers }),
  });
  const port = Number(new URL(gateway.url).port);
  const desks = await desksOn(gateway);
  const accounts = (await demoCredentials(gateway.gateway.store, gateway.gateway.seal)).map(({ username, password, roles, totpSecret }) => ({ username, password, roles, totpSecret }));
  let running = true;
  const gatewaySwitch: GatewaySwitch = {
    get running() {
      return running;
    },
    async stop() {
      if (!running) return;
      running = false;
      await gateway.gateway.close();
    },
    async start() {
      if (running) return;
      gateway = await startSeededGateway({ dir: gateway.dir, gatewayPort: port, gatewayConfig });
      running = true;
    },
  };
  return {
    gatewayUrl: gateway.url,
    ...desks,
    gatewaySwitch,
    dataDir: gateway.dir,
    accounts,
    async close() {
      await closeDesks(desks);
      if (running) await gateway.gateway.close();
    },
  };
}

/** What the preview prints: the desks, the accounts, how to switch the gateway, and that its timers are faster. */
export function previewBanner(desks: PreviewDesks, controls: string): string[] {
  const gatewayLines =
    desks.dataDir === null
      ? [`gateway: ${desks.gatewayUrl} (a deployment's: sign in with its accounts; a new desk asks for an enrolment code from its administrator)`]
      : [
          `gateway: ${desks.gatewayUrl} (demo data; stop and start it: ${controls})`,
          `data folder: ${desks.dataDir} (kept: the same accounts and TOTP secrets next run; --data DIR picks another, delete it to start afresh)`,
          ...desks.accounts.map(
            (a) => `  ${a.username.padEnd(11)} ${a.roles.join('+').padEnd(10)} ${a.password}  ${a.totpSecret === null ? '(no MFA)' : `TOTP secret ${a.totpSecret} (one-time code: npm run otp -- ${a.totpSecret})`}`,
          ),
        ];
  const demo = desks.dataDir !== null;
  return [
    ...gatewayLines,
    `agent desk${demo ? ' (sign in as agent.ana or agent.ben)' : ''}: ${desks.agent.url}`,
    `supervisor desk${demo ? ' (sign in as sup.sara)' : ''}: ${desks.supervisor.url}`,
    `admin desk${demo ? ' (sign in as admin.ivan)' : ''}: ${desks.admin.url}`,
    'Open each in its own Chromium or Firefox tab. Test cards: 4111 1111 1111 1111, 5555 5555 5555 4444 (standard test numbers).',
    PREVIEW_TIMERS.text,
  ];
}
