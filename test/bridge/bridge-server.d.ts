import type { Server } from 'node:http';
import type { Router } from '../../main/ipc/router.ts';
export declare const BRIDGE_PATH = "/bridge";
export interface Bridge {
    readonly token: string;
    /** When the page last called main (ms since epoch): the preview's stand-in for system-wide input. */
    readonly lastRequestAt: number;
    push(event: string, payload: unknown): void;
    close(): void;
}
export declare function attachBridge(server: Server, router: Router): Bridge;
