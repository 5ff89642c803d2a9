export declare class CanonicalJsonError extends Error {
    readonly name = "CanonicalJsonError";
    readonly path: string;
    constructor(path: string, message: string);
}
export declare function canonicalJson(value: unknown): string;
