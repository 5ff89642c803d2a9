export interface GatewaySecrets {
    readonly panPepper: Buffer;
    readonly jwtKey: Buffer;
    readonly sealKey: Buffer;
}
export declare const SECRETS_FILE = "gateway-secrets.json";
export declare function loadOrCreateSecrets(dataDir: string): GatewaySecrets;
