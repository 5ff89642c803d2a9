// A real Vendure shop for the reference connector's test: @vendure/testing boots
// Vendure in-process on sql.js (SQLite in WebAssembly) on a free port of
// 127.0.0.1, with one product, one shipping method and a test payment method
// whose "provider" settles and refunds at once. The test drives it over its
// public GraphQL APIs, as a shopper and a back-office user would; the connector
// reaches it the same way. No card number exists anywhere in it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanguageCode, PaymentMethodHandler, mergeConfig } from '@vendure/core';
import { createTestEnvironment, registerInitializer, SqljsInitializer, testConfig, type SimpleGraphQLClient } from '@vendure/testing';
import { freePort } from '../../../scripts/postgres-cluster.ts';

/** A payment provider that settles every payment and refund at once, with references as a PSP would give. */
const testPaymentHandler = new PaymentMethodHandler({
  code: 'test-psp',
  description: [{ languageCode: LanguageCode.en, value: 'Test PSP' }],
  args: {},
  createPayment: (_ctx, _order, amount) => ({ amount, state: 'Settled', transactionId: `psp-${String(Date.now())}`, metadata: { method: 'card' } }),
  settlePayment: () => ({ success: true }),
  createRefund: (_ctx, input) => ({ state: 'Settled', transactionId: `psp-refund-${String(input.paymentId)}`, metadata: {} }),
});

const PRODUCTS_CSV = [
  'name,slug,description,assets,facets,optionGroups,optionValues,sku,price,taxCategory,stockOnHand,trackInventory,variantAssets,variantFacets',
  'Kettle,kettle,A kettle,,,,,KETTLE-1,49.90,standard,100,false,,',
].join('\n');

export interface VendureShop {
  readonly url: string;
  readonly adminApiUrl: string;
  /** A back-office user's bearer token: what the connector is given. */
  readonly adminToken: string;
  readonly admin: SimpleGraphQLClient;
  readonly shop: SimpleGraphQLClient;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startVendureShop(): Promise<VendureShop> {
  // Vendure phones home at start-up and writes .vendure/ into the working directory unless told not to.
  process.env.VENDURE_DISABLE_TELEMETRY = 'true';
  const dir = await mkdtemp(join(tmpdir(), 'vendure-shop-'));
  const productsCsvPath = join(dir, 'products.csv');
  await writeFile(productsCsvPath, PRODUCTS_CSV);
  registerInitializer('sqljs', new SqljsInitializer(join(dir, 'db')));
  const port = await freePort();
  const config = mergeConfig(testConfig, {
    apiOptions: { port, hostname: '127.0.0.1' },
    paymentOptions: { paymentMethodHandlers: [testPaymentHandler] },
  });
  const { server, adminClient, shopClient } = createTestEnvironment(config);
  await server.init({
    productsCsvPath,
    customerCount: 0,
    initialData: {
      defaultLanguage: LanguageCode.en,
      defaultZone: 'Europe',
      countries: [{ name: 'United Kingdom', code: 'GB', zone: 'Europe' }],
      taxRates: [{ name: 'Standard Tax', percentage: 0 }],
      shippingMethods: [{ name: 'Standard Shipping', price: 500 }],
      paymentMethods: [{ name: 'Test PSP', handler: { code: testPaymentHandler.code, arguments: [] } }],
      collections: [],
    },
  });
  await adminClient.asSuperAdmin();
  const url = `http://127.0.0.1:${String(port)}`;
  return {
    url,
    adminApiUrl: `${url}/admin-api`,
    adminToken: adminClient.getAuthToken(),
    admin: adminClient,
    shop: shopClient,
    async [Symbol.asyncDispose]() {
      await server.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
