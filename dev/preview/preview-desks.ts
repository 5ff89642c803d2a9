// The preview as `npm run preview` and the Electron-less `npm run demo` serve it:
// one gateway with demo data on a fixed port, an agent desk and a supervisor desk
// (each its own main-process services, keychain entry and audit queue), and a
// switch that stops and restarts the gateway on the same port and data folder,
// so a person can watch the desks ride out an outage.
import { createKeychainSecretStore } from '../../main/secrets/secret-store.ts';
import type { GatewayConfigInput } from '../../server/config.ts';
import { DEMO_CARRIER_ORIGINS } from '../../server/seed/demo-data.ts';
import { demoCredentials, type DemoAccount } from '../../server/seed/demo-seed.ts';
import { startSeededGateway } from '../../test/harness/gateway/gateway.ts';
import { startPreviewStack, type PreviewStack } from './preview-stack.ts';

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
  readonly gatewaySwitch: GatewaySwitch;
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
}

export async function startPreviewDesks(options: PreviewDesksOptions = {}): Promise<PreviewDesks> {
  const gatewayConfig = options.gatewayConfig ?? {};
  let gateway = await startSeededGateway({ gatewayPort: options.gatewayPort ?? 8787, gatewayConfig, ...(options.customers === undefined ? {} : { customers: options.customers }) });
  const port = Number(new URL(gateway.url).port);
  const service = options.keychainService ?? 'sentinel-desk-preview';
  const policy = { idleLockMinutes: PREVIEW_TIMERS.idleLockMinutes, openExternalAllowlist: [...DEMO_CARRIER_ORIGINS] };
  const opener = options.openExternal === undefined ? {} : { openExternal: options.openExternal };
  const agent = await startPreviewStack({ gateway, policy, secrets: createKeychainSecretStore(`${service}-agent`), ...opener });
  const supervisor = await startPreviewStack({ gateway, policy, secrets: createKeychainSecretStore(`${service}-supervisor`), ...opener });
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
    agent,
    supervisor,
    gatewaySwitch,
    accounts,
    async close() {
      await agent.close();
      await supervisor.close();
      if (running) await gateway.gateway.close();
    },
  };
}

/** What the preview prints: the two desks, the accounts, how to switch the gateway, and that its timers are faster. */
export function previewBanner(desks: PreviewDesks, controls: string): string[] {
  return [
    `gateway: ${desks.gatewayUrl} (demo data; stop and start it: ${controls})`,
    ...desks.accounts.map(
      (a) => `  ${a.username.padEnd(11)} ${a.roles.join('+').padEnd(10)} ${a.password}  ${a.totpSecret === null ? '(no MFA)' : `TOTP secret ${a.totpSecret} (one-time code: npm run otp -- ${a.totpSecret})`}`,
    ),
    `agent desk (sign in as agent.ana or agent.ben): ${desks.agent.url}`,
    `supervisor desk (sign in as sup.sara):          ${desks.supervisor.url}`,
    'Open each in its own Chromium or Firefox tab. Test cards: 4111 1111 1111 1111, 5555 5555 5555 4444 (standard test numbers).',
    PREVIEW_TIMERS.text,
  ];
}
