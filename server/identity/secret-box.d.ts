export interface SecretBox {
    seal(plaintext: string, context: string): string;
    open(sealed: string, context: string): string;
}
export declare function createSecretBox(key: Buffer): SecretBox;
