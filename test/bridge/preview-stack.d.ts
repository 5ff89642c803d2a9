import { type DeskServices } from '../../main/desk-services.ts';
import { type SecretStore } from '../../main/secrets/secret-store.ts';
import type { Gateway } from '../../server/app.ts';
import { type SeededGatewayOptions } from '../support/gateway.ts';
import { type RendererSite } from '../support/renderer-site.ts';
import { type Bridge } from './bridge-server.ts';
export interface PreviewStack {
    readonly gateway: Gateway;
    readonly gatewayUrl: string;
    readonly desk: DeskServices;
    readonly site: RendererSite;
    readonly bridge: Bridge;
    /** Open this in Chromium: the renderer with this run's bridge token. */
    readonly url: string;
    readonly dirs: {
        gateway: string;
        desk: string;
    };
    close(): Promise<void>;
}
export interface PreviewOptions {
    /** Another desk on the same gateway: pass the first stack's gateway. */
    readonly gateway?: {
        readonly gateway: Gateway;
        readonly url: string;
        readonly dir: string;
    };
    readonly gatewayConfig?: SeededGatewayOptions['gatewayConfig'];
    /** Seconds since the last input on this machine, as powerMonitor would say (default: since the page last called main). */
    readonly idleSeconds?: () => number;
    readonly gatewayPort?: number;
    readonly secrets?: SecretStore;
    readonly policy?: Record<string, unknown>;
    readonly customers?: number;
    readonly logDestination?: string;
}
export declare function startPreviewStack(options?: PreviewOptions): Promise<PreviewStack>;
