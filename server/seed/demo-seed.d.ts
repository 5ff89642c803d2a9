import type { Role } from '../../shared/roles.ts';
import type { SecretBox } from '../identity/secret-box.ts';
import type { GatewayStore } from '../storage/store.ts';
export interface DemoAccount {
    readonly userId: string;
    readonly username: string;
    readonly displayName: string;
    readonly roles: readonly Role[];
    readonly password: string;
    readonly mfa: boolean;
}
export declare const DEMO_ACCOUNTS: readonly DemoAccount[];
export declare function seedDemo(store: GatewayStore, seal: SecretBox, pepper: Buffer, customerCount?: number): Promise<void>;
/** The demo accounts with their TOTP secrets, for the start-up printout. */
export declare function demoCredentials(store: GatewayStore, seal: SecretBox): Promise<(DemoAccount & {
    totpSecret: string | null;
})[]>;
