// Wrap-up not required (issue 24): with config wrapup.required false the desk is told a code is optional.
import { describe, expect } from 'vitest';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const it = gatewayTestWith({ customers: 1, config: { wrapup: { required: false } } });

describe('wrap-up not required by policy', () => {
  it('says so to the desk, with no codes or templates yet', async ({ gw }) => {
    const ana = (await gw.login('agent.ana')).token;
    expect((await gw.route('wrapupOptions', { token: ana })).body).toEqual({ required: false, codes: [], templates: [] });
  });
});
