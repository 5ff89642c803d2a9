// The packaged shape end to end in real Electron (Playwright _electron):
// launch → sign in → look up → lock, against the reference gateway on
// 127.0.0.1. It needs the Electron binary; where there is none it is skipped,
// and says so on one line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_MISSING_FIX, electronBinary } from '../../scripts/electron-binary.ts';
import { DEMO_CUSTOMER_COUNT } from '../../server/seed/demo-data.ts';
import { startGateway, type RunningGateway } from '../harness/gateway/gateway.ts';

const root = join(import.meta.dirname, '..', '..');
const binary = electronBinary(root);
if (binary === null) process.stdout.write(`e2e-electron: SKIPPED: ${ELECTRON_MISSING_FIX}\n`);

describe.skipIf(binary === null)('desk in Electron', () => {
  let gw: RunningGateway;
  let policyFile: string;
  beforeAll(async () => {
    gw = await startGateway({ customers: DEMO_CUSTOMER_COUNT });
    policyFile = join(mkdtempSync(join(tmpdir(), 'sentinel-e2e-policy-')), 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ serverUrl: gw.url, captureProtection: 'warn', enrolmentToken: gw.enrolment.secret }));
  });
  afterAll(async () => {
    await gw.close();
  });

  it('launches, signs in, looks a card up and locks', async () => {
    const app = await electron.launch({ executablePath: binary ?? '', args: [root, `--policy=${policyFile}`], cwd: root });
    try {
      const page = await app.firstWindow();
      await page.getByLabel('Username').fill('agent.ana');
      await page.getByLabel('Password').fill('desk-demo-ana-2026');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.keyboard.press('Alt+3');
      await page.getByLabel('Card number').fill('4111111111111111');
      await page.keyboard.press('Enter');
      await page.getByText('2 results').waitFor();
      await page.getByRole('button', { name: 'Lock' }).click();
      await page.getByRole('heading', { name: 'Desk locked' }).waitFor();
      expect(await page.locator('body').innerText()).not.toContain('CUS-000001');
    } finally {
      await app.close();
    }
  }, 120_000);
});
