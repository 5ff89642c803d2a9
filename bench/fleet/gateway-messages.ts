// What the bench and a fleet gateway process (gateway-process.ts) say to each other over the IPC channel.
import type { GatewayConfigInput } from '../../server/config.ts';
import type { EnrolmentPresentation } from '../../shared/schemas/admin.ts';

export interface GatewayStart {
  readonly name: string;
  readonly dataDir: string;
  readonly database: string | undefined;
  /** The gateway clock's first reading; later ones come as `clock` messages. */
  readonly now: number;
  readonly config: GatewayConfigInput;
  readonly customers: number;
  /** Demo accounts whose TOTP secrets the bench needs to sign them in. */
  readonly totpUsers: readonly string[];
}

export type ToGateway = { readonly kind: 'clock'; readonly now: number } | { readonly kind: 'usage' } | { readonly kind: 'close' };

export type FromGateway =
  | { readonly kind: 'ready'; readonly url: string; readonly enrolment: EnrolmentPresentation; readonly totpSecrets: Record<string, string> }
  | { readonly kind: 'clock-set'; readonly now: number }
  /** Answers `usage`: CPU time the gateway process used since it started, and over what wall time. */
  | { readonly kind: 'usage'; readonly cpuMs: number; readonly wallMs: number }
  | { readonly kind: 'failed'; readonly message: string };
