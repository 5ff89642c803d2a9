// The port features raise alerts and report what alert rules count through
// (failed sign-ins, card lookups); supervision/alerts.ts implements it.
import type { Alert } from '../../shared/schemas/supervision.ts';
import type { Principal } from './principal.ts';

export interface RaiseInput {
  readonly kind: Alert['kind'];
  readonly severity: Alert['severity'];
  readonly userId: string | null;
  readonly deviceId: string | null;
  readonly message: string;
  /** Repeats this call stands for (a batch of 40 integrity events is one call with 40). */
  readonly occurrences?: number;
}

export interface FailedLogin {
  readonly username: string;
  readonly userId: string | null;
  /** The client address. */
  readonly source: string;
}

export interface AlertService {
  /** The new alert, or the open one of the same kind and subject with the repeats folded in. */
  raise(input: RaiseInput): Promise<Alert>;
  noteCardLookup(principal: Principal): Promise<void>;
  /** One failed sign-in: counted per typed name, per client address and across the gateway. */
  noteFailedLogin(attempt: FailedLogin): Promise<void>;
  list(status: 'open' | 'acknowledged' | 'all'): Promise<Alert[]>;
  acknowledge(principal: Principal, alertId: string, note: string): Promise<Alert>;
}
