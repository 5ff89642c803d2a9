// The gateway suite's vitest fixtures: `gw`, one seeded gateway on 127.0.0.1 for
// the whole file (on the engine the run chose), and `gatewayOptions`, its config,
// which a file sets with `const it = gatewayTest.override('gatewayOptions', …)`. The gateway
// lives as long as the fixture's `await using` scope: the file's last test.
import { test } from 'vitest';
import { startGateway, type GatewayOptions, type RunningGateway } from './gateway.ts';

export const gatewayTest = test.extend<'gatewayOptions', GatewayOptions>('gatewayOptions', { scope: 'file' }, {}).extend<{ $file: { gw: RunningGateway } }>({
  gw: [
    async ({ gatewayOptions }, use) => {
      await using gw = await startGateway(gatewayOptions);
      await use(gw);
    },
    { scope: 'file' },
  ],
});
