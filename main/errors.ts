// An error main's services raise for the caller to see, with its contract code.
import type { ErrorCode } from '../shared/errors.ts';

export class DeskError extends Error {
  override readonly name = 'DeskError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
