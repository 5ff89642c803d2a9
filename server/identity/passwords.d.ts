export declare class WeakPasswordError extends Error {
    readonly name = "WeakPasswordError";
}
export declare function hashPassword(password: string): Promise<string>;
export declare function verifyPassword(passwordHash: string, password: string): Promise<boolean>;
export declare function burnPasswordCheck(password: string): Promise<void>;
