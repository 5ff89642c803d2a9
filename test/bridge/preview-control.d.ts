import type { GatewaySwitch } from './preview-desks.ts';
export interface PreviewControl {
    /** Base URL including this run's random token; append /gateway, /gateway/stop or /gateway/start. */
    readonly url: string;
    close(): Promise<void>;
}
export declare function serveGatewayControl(gatewaySwitch: GatewaySwitch, report: (line: string) => void): Promise<PreviewControl>;
/** g toggles the gateway, q (or Ctrl-C) quits; only where stdin is a terminal. */
export declare function listenForKeys(gatewaySwitch: GatewaySwitch, report: (line: string) => void, quit: () => void): void;
