import { type DemoAccount } from '../../server/seed/demo-seed.ts';
import { type PreviewStack } from './preview-stack.ts';
/** The preview's timers against the shell's, said out loud wherever the preview starts. */
export declare const PREVIEW_TIMERS: {
    readonly idleLockMinutes: 2;
    readonly text: "Preview timers are faster than production: idle lock after 2 min without a request from the page (production: system-wide input, policy idleLockMinutes, default 15), audit sync and heartbeat every 1 s (production: 10 s and 30 s).";
};
/** Carrier tracking sites the demo data links to: the desk opens only allow-listed https origins. */
export declare const CARRIER_ORIGINS: string[];
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
    readonly accounts: (Pick<DemoAccount, 'username' | 'password' | 'roles'> & {
        totpSecret: string | null;
    })[];
    close(): Promise<void>;
}
export declare function startPreviewDesks(options?: {
    gatewayPort?: number;
    keychainService?: string;
    customers?: number;
}): Promise<PreviewDesks>;
/** What the preview prints: the two desks, the accounts, how to switch the gateway, and that its timers are faster. */
export declare function previewBanner(desks: PreviewDesks, controls: string): string[];
