// What main does for each call once the router has checked it. Forwarded
// channels all go through main/ipc/gateway-forwarding.ts; the handlers here are
// for the channels main answers itself: the session service, the desk's own
// state, the open customer main keeps current, and the link opener. The services are passed in.
import type { z } from 'zod';
import type { Channels, LocalChannelName } from '../../shared/contract/channels.ts';
import type { ParsedRequest } from '../../shared/contract/checks.ts';
import type { SupervisorStreamState } from '../../shared/schemas/floor.ts';
import type { AppStatus, AuditSyncStatus } from '../../shared/schemas/status.ts';
import type { ApiClient } from '../api/api-client.ts';
import type { CustomerFollower } from '../customers/customer-follower.ts';
import { DeskError } from '../errors.ts';
import type { SessionService } from '../session/session-service.ts';
import type { CompanySignIn } from '../sso/company-sign-in.ts';
import type { WallboardReader } from '../supervision/wallboard.ts';
import { createGatewayHandlers, type GatewayHandlers } from './gateway-forwarding.ts';

export type LocalHandlers = {
  readonly [N in LocalChannelName]: (request: ParsedRequest<N>) => Promise<z.input<Channels[N]['response']>>;
};
export type ChannelHandlers = LocalHandlers & GatewayHandlers;

export interface HandlerServices {
  readonly session: SessionService;
  /** Single sign-on in the system browser. */
  readonly companySignIn: Pick<CompanySignIn, 'authorize' | 'cancel'>;
  readonly api: ApiClient;
  readonly syncStatus: () => AuditSyncStatus;
  readonly appStatus: () => AppStatus;
  /** Whether the supervisor's live stream is connected, as the SupervisorStream last said. */
  readonly supervisorStreamState: () => SupervisorStreamState;
  /** Allowed https origins from policy. */
  readonly externalAllowlist: readonly string[];
  /** shell.openExternal in the app. */
  readonly openExternal: (url: string) => Promise<void>;
  /** The customer open on screen, which main keeps current. */
  readonly openCustomer: Pick<CustomerFollower, 'follow' | 'unfollow'>;
  /** The wallboard's aggregate figures. */
  readonly wallboard: Pick<WallboardReader, 'read'>;
}

export function createHandlers(services: HandlerServices): ChannelHandlers {
  return { ...createLocalHandlers(services), ...createGatewayHandlers(services.api) };
}

function createLocalHandlers(services: HandlerServices): LocalHandlers {
  const { session } = services;
  return {
    'session.login': (request) => session.login(request),
    'session.logout': async () => {
      await session.logout();
      return {};
    },
    'session.lock': () => Promise.resolve(session.lock('manual')),
    'session.unlock': (request) => session.unlock(request),
    'session.state': () => Promise.resolve(session.state()),
    'session.wallboard': () => Promise.resolve(session.showWallboard()),
    'supervisor.wallboard': () => services.wallboard.read(),
    'session.ssoSignIn': async ({ provider, otp, enrolmentCode }) => {
      if (session.state().status !== 'signed_out') throw new DeskError('conflict', 'Someone is already signed in on this desk; sign out first');
      const callback = await services.companySignIn.authorize(provider);
      return session.loginWithCompanyAccount(callback, { otp, enrolmentCode });
    },
    'session.ssoUnlock': async ({ provider, otp }) => {
      if (session.state().status !== 'locked') throw new DeskError('conflict', 'The desk is not locked');
      const callback = await services.companySignIn.authorize(provider);
      return session.unlockWithCompanyAccount(callback, { otp });
    },
    'session.ssoCancel': () => {
      services.companySignIn.cancel();
      return Promise.resolve({});
    },
    'account.changePassword': (request) => session.changePassword(request),
    'account.confirmMfa': (request) => session.confirmMfa(request),
    'audit.status': () => Promise.resolve(services.syncStatus()),
    'supervisor.streamState': () => Promise.resolve(services.supervisorStreamState()),
    'app.status': () => Promise.resolve(services.appStatus()),
    'customers.follow': (request) => {
      services.openCustomer.follow(request.customerId, request.revision);
      return Promise.resolve({});
    },
    'customers.unfollow': (request) => {
      services.openCustomer.unfollow(request.customerId);
      return Promise.resolve({});
    },
    'app.openExternal': async (request) => {
      if (!services.externalAllowlist.includes(new URL(request.url).origin)) {
        throw new DeskError('forbidden', 'That link is not on the allowlist IT configured');
      }
      await services.openExternal(request.url);
      return {};
    },
  };
}
