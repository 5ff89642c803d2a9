import type { ErrorCode } from '../shared/errors.ts';
export declare class DeskError extends Error {
    readonly name = "DeskError";
    readonly code: ErrorCode;
    constructor(code: ErrorCode, message: string);
}
