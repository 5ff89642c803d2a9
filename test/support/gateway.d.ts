import type { SessionGrant } from '../../shared/api.ts';
import { type Gateway } from '../../server/app.ts';
import type { GatewayConfigInput } from '../../server/config.ts';
import { type ManualClock } from './clock.ts';
import { TestDevice } from './device.ts';
export interface HttpAnswer {
    readonly status: number;
    readonly headers: Headers;
    readonly text: string;
    /** The parsed JSON body; `{}` when the body is not JSON. */
    readonly json: Record<string, unknown> & {
        error?: {
            code: string;
            message: string;
            retryAfterSeconds?: number;
        };
    };
}
export interface RunningGateway {
    readonly url: string;
    readonly gateway: Gateway;
    readonly dataDir: string;
    readonly logPath: string;
    readonly clock: ManualClock;
    call(method: string, path: string, options?: {
        token?: string;
        body?: unknown;
        rawBody?: string;
        headers?: Record<string, string>;
    }): Promise<HttpAnswer>;
    /** Signs a demo account in from a desk (a new one unless given), computing its one-time code. */
    login(username: string, options?: {
        device?: TestDevice;
        password?: string;
    }): Promise<{
        grant: SessionGrant;
        device: TestDevice;
        token: string;
    }>;
    totpSecret(username: string): Promise<string>;
    close(): Promise<void>;
}
export interface SeededGatewayOptions {
    /** An existing data folder (a restart); a new temp folder otherwise. */
    readonly dir?: string;
    readonly clock?: ManualClock;
    readonly gatewayConfig?: GatewayConfigInput;
    readonly gatewayPort?: number;
    readonly customers?: number;
    readonly logDestination?: string;
}
/** The reference gateway with demo data, on 127.0.0.1, logging to a file in its data folder. */
export declare function startSeededGateway(options?: SeededGatewayOptions): Promise<{
    gateway: Gateway;
    url: string;
    dir: string;
}>;
export declare function startGateway(options?: {
    config?: GatewayConfigInput;
    customers?: number;
}): Promise<RunningGateway>;
