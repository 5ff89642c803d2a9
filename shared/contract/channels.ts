// Every IPC channel of the workstation, declared once, by namespace in
// shared/contract/channels/. Each names the gateway route main forwards it to,
// or is local, and says what its audit event records.
import { adminChannels } from './channels/admin.ts';
import { customerChannels } from './channels/customers.ts';
import { appChannels, auditChannels } from './channels/desk.ts';
import { privacyChannels } from './channels/privacy.ts';
import { reviewChannels } from './channels/review.ts';
import { sessionChannels } from './channels/session.ts';
import { supervisorChannels } from './channels/supervisor.ts';
import { trainingChannels } from './channels/training.ts';
import { wrapupChannels } from './channels/wrapup.ts';
import { defineChannels } from './define.ts';

export const channels = defineChannels({
  ...sessionChannels,
  ...customerChannels,
  ...auditChannels,
  ...supervisorChannels,
  ...adminChannels,
  ...reviewChannels,
  ...appChannels,
  ...trainingChannels,
  ...privacyChannels,
  ...wrapupChannels,
});

export type Channels = typeof channels;
export type ContractChannelName = keyof Channels;
/** Channels main answers itself; every other one is forwarded to its gateway route. */
export type LocalChannelName = { [N in ContractChannelName]: Channels[N]['gateway'] extends 'local' ? N : never }[ContractChannelName];
export type ForwardedChannelName = Exclude<ContractChannelName, LocalChannelName>;

export function isChannelName(name: unknown): name is ContractChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
