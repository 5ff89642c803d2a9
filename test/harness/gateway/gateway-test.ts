// The gateway suite's vitest fixtures: `gw`, one seeded gateway on 127.0.0.1 for
// the whole file (on the engine the run chose), started with the options a file
// gives `gatewayTestWith(…)` (`gatewayTest` is the default). The gateway lives as
// long as the fixture's `await using` scope: the file's last test.
//
// Each file builds its own test API: vitest's top-level `override` changes the
// API object it is called on, which test files share when a worker runs several.
import { test } from 'vitest';
import { startGateway, type GatewayOptions, type RunningGateway } from './gateway.ts';

export function gatewayTestWith(options: GatewayOptions) {
  return test.extend<'gatewayOptions', GatewayOptions>('gatewayOptions', { scope: 'file' }, options).extend<{ $file: { gw: RunningGateway } }>({
    gw: [
      async ({ gatewayOptions }, use) => {
        await using gw = await startGateway(gatewayOptions);
        await use(gw);
      },
      { scope: 'file' },
    ],
  });
}

export const gatewayTest = gatewayTestWith({});
