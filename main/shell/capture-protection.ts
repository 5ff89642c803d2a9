// Whether this OS can keep windows out of screen captures: Windows and macOS
// honour setContentProtection; Linux compositors do not.
import type { CaptureProtection } from '../../shared/schemas/supervision.ts';

export function captureProtectionFor(platform: NodeJS.Platform): CaptureProtection {
  return platform === 'win32' || platform === 'darwin' ? 'protected' : 'unsupported';
}
