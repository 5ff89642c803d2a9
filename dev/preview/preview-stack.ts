// The whole desk without Electron: the reference gateway with demo data (or a
// deployment's gateway, by URL), main's real services (keychain, SQLite audit queue, sync, router), the production
// renderer in Chromium, and the bridge in place of preload + IPC.
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeskServices, type DeskServices } from '../../main/desk-services.ts';
import { PolicySchema } from '../../main/policy/policy-schema.ts';
import { createKeychainSecretStore, type SecretStore } from '../../main/secrets/secret-store.ts';
import { startDeskTimers, type DeskTimers } from '../../main/desk-timers.ts';
import { startSeededGateway, type SeededGateway, type SeededGatewayOptions } from '../../test/harness/gateway/gateway.ts';
import { serveRenderer, type RendererSite } from '../../test/harness/browser/renderer-site.ts';
import { attachBridge, type Bridge } from './bridge-server.ts';

/** A deployment's gateway, reached by URL: a new desk enrols with this token, or with a code the person types. */
export interface RemoteGateway {
  readonly url: string;
  readonly enrolmentToken: string | null;
}

const isReferenceGateway = (gateway: SeededGateway | RemoteGateway): gateway is SeededGateway => 'gateway' in gateway;

export interface PreviewStack {
  readonly gatewayUrl: string;
  readonly desk: DeskServices;
  readonly site: RendererSite;
  readonly bridge: Bridge;
  /** Open this in Chromium: the renderer with this run's bridge token. */
  readonly url: string;
  /** The reference gateway's data folder (null for a remote gateway) and the desk's. */
  readonly dirs: { gateway: string | null; desk: string };
  /** URLs main handed to the OS browser (after the allowlist check); the preview opens nothing itself. */
  readonly opened: readonly string[];
  /**
   * Stops the desk's clockwork (heartbeat, sync, idle check) until resumeTimers: a test that means "the
   * desk's next call" makes that call itself, instead of racing the 1-second heartbeat to it.
   */
  pauseTimers(): void;
  resumeTimers(): void;
  close(): Promise<void>;
}

export interface PreviewOptions {
  /** Another desk on the same gateway: pass the first stack's gateway, or a deployment's. */
  readonly gateway?: SeededGateway | RemoteGateway;
  readonly gatewayConfig?: SeededGatewayOptions['gatewayConfig'];
  /** Seconds since the last input on this machine, as powerMonitor would say (default: since the page last called main). */
  readonly idleSeconds?: () => number;
  readonly gatewayPort?: number;
  readonly secrets?: SecretStore;
  readonly policy?: Record<string, unknown>;
  readonly customers?: number;
  readonly logDestination?: string;
  /** What stands for the OS browser (the company sign-in page, links); by default the URL is only recorded in `opened`. */
  readonly openExternal?: (url: string) => Promise<void>;
}

export async function startPreviewStack(options: PreviewOptions = {}): Promise<PreviewStack> {
  // A new desk each run: its audit queue is sealed with a key in the keychain, which may be a throwaway one.
  const deskDir = mkdtempSync(join(tmpdir(), 'sentinel-preview-desk-'));
  // The stack stops only a gateway it started itself.
  let owned: SeededGateway | null = null;
  const target = options.gateway ?? (owned = await startSeededGateway(options));
  const gatewayUrl = target.url;
  const gatewayDir = isReferenceGateway(target) ? target.dir : null;
  const enrolmentToken = target.enrolmentToken;

  let bridge: Bridge | null = null;
  const opened: string[] = [];
  const desk = await createDeskServices({
    // A managed build's policy carries the enrolment token, so the preview desk enrols at its first sign-in.
    policy: PolicySchema.parse({
      serverUrl: gatewayUrl,
      captureProtection: 'warn',
      openExternalAllowlist: [],
      ...(enrolmentToken === null ? {} : { enrolmentToken }),
      ...options.policy,
    }),
    deviceId: `desk-preview-${Date.now().toString(36)}`,
    appVersion: '0.1.0-preview',
    host: hostname(),
    platform: 'linux',
    auditDbPath: join(deskDir, 'audit.sqlite'),
    secrets: options.secrets ?? createKeychainSecretStore('sentinel-desk-preview'),
    clock: { now: () => Date.now() },
    captureProtection: 'unsupported',
    openExternal: (url) => {
      opened.push(url);
      return options.openExternal?.(url) ?? Promise.resolve();
    },
    report: (error, where) => {
      console.error(`[${where}]`, error instanceof Error ? error.message : error);
    },
    onPush: (event, payload) => bridge?.push(event, payload),
    sync: { baseMs: 200, capMs: 2000 },
  });
  const site = await serveRenderer({ agentEntry: join(import.meta.dirname, 'bridge-agent-browser.ts'), loadAgentInPage: true });
  const attached = attachBridge(site.server, desk.router);
  bridge = attached;
  // The shell's timers, faster: sync and heartbeat every second (the shell: 10 s and 30 s), idle check every 200 ms (the shell: 1 s).
  const startTimers = (): DeskTimers =>
    startDeskTimers({
      desk,
      idleSeconds: options.idleSeconds ?? (() => (Date.now() - attached.lastRequestAt) / 1000),
      periods: { idleCheckMs: 200, syncMs: 1000, heartbeatMs: 1000, maintenanceMs: 60_000 },
    });
  let timers: DeskTimers | null = startTimers();
  return {
    gatewayUrl,
    desk,
    site,
    bridge: attached,
    url: `${site.url}#token=${attached.token}`,
    dirs: { gateway: gatewayDir, desk: deskDir },
    opened,
    pauseTimers() {
      timers?.stop();
      timers = null;
    },
    resumeTimers() {
      timers ??= startTimers();
    },
    async close() {
      try {
        timers?.stop();
        attached.close();
        await site.close();
        await desk.close();
        await owned?.gateway.close();
      } finally {
        rmSync(deskDir, { recursive: true, force: true });
      }
    },
  };
}
