// Vendure's Admin GraphQL API over HTTP, as any outside system calls it: a
// back-office user's bearer token, one POST per query, and every answer checked
// against the shape asked for before anything is read from it.
import { z } from 'zod';

export class VendureApiError extends Error {
  override readonly name = 'VendureApiError';
}

const timestamp = z.iso.datetime({ offset: true });
const id = z.union([z.string(), z.number()]).transform(String);

export const VendureCustomerSchema = z.object({
  id,
  updatedAt: timestamp,
  createdAt: timestamp,
  firstName: z.string(),
  lastName: z.string(),
  emailAddress: z.string(),
  phoneNumber: z.string().nullable(),
  addresses: z.array(z.object({ city: z.string().nullable(), postalCode: z.string().nullable(), country: z.object({ code: z.string() }) })).nullable(),
});
export type VendureCustomer = z.infer<typeof VendureCustomerSchema>;

const VendureRefundSchema = z.object({ id, createdAt: timestamp, updatedAt: timestamp, total: z.number().int(), state: z.string(), transactionId: z.string().nullable() });
const VendurePaymentSchema = z.object({
  id,
  createdAt: timestamp,
  updatedAt: timestamp,
  method: z.string(),
  amount: z.number().int(),
  state: z.string(),
  transactionId: z.string().nullable(),
  refunds: z.array(VendureRefundSchema),
});
export type VendurePayment = z.infer<typeof VendurePaymentSchema>;
const VendureFulfillmentSchema = z.object({ id, createdAt: timestamp, updatedAt: timestamp, state: z.string(), method: z.string(), trackingCode: z.string().nullable() });
export type VendureFulfillment = z.infer<typeof VendureFulfillmentSchema>;

export const VendureOrderSchema = z.object({
  id,
  code: z.string(),
  state: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  orderPlacedAt: timestamp.nullable(),
  currencyCode: z.string(),
  totalWithTax: z.number().int(),
  customer: z.object({ id }).nullable(),
  lines: z.array(z.object({ productVariant: z.object({ sku: z.string(), name: z.string() }), quantity: z.number().int(), unitPriceWithTax: z.number().int() })),
  payments: z.array(VendurePaymentSchema).nullable(),
  fulfillments: z.array(VendureFulfillmentSchema).nullable(),
});
export type VendureOrder = z.infer<typeof VendureOrderSchema>;

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), totalItems: z.number().int() });
const CustomerPageSchema = page(VendureCustomerSchema);
const OrderPageSchema = page(VendureOrderSchema);

const CUSTOMERS_QUERY = `query($options: CustomerListOptions) { customers(options: $options) { totalItems items {
  id updatedAt createdAt firstName lastName emailAddress phoneNumber addresses { city postalCode country { code } } } } }`;
const ORDERS_QUERY = `query($options: OrderListOptions) { orders(options: $options) { totalItems items {
  id code state createdAt updatedAt orderPlacedAt currencyCode totalWithTax customer { id }
  lines { productVariant { sku name } quantity unitPriceWithTax }
  payments { id createdAt updatedAt method amount state transactionId refunds { id createdAt updatedAt total state transactionId } }
  fulfillments { id createdAt updatedAt state method trackingCode } } } }`;

/** A date filter of Vendure's list queries: `after` the given time. */
export interface ListWindow {
  readonly field: 'updatedAt' | 'orderPlacedAt';
  readonly after: string;
  readonly skip: number;
  readonly take: number;
}

export interface VendureAdminApi {
  customers(window: ListWindow): Promise<z.infer<typeof CustomerPageSchema>>;
  orders(window: ListWindow): Promise<z.infer<typeof OrderPageSchema>>;
}

export function vendureAdminApi(options: { readonly adminApiUrl: string; readonly token: string; readonly channelToken?: string; readonly fetch?: typeof fetch }): VendureAdminApi {
  const doFetch = options.fetch ?? fetch;
  const call = async <T extends z.ZodType>(query: string, variables: Record<string, unknown>, field: string, schema: T): Promise<z.infer<T>> => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
    if (options.channelToken !== undefined) headers['vendure-token'] = options.channelToken;
    const response = await doFetch(options.adminApiUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new VendureApiError(`Vendure admin API answered ${String(response.status)}`);
    const body = z.object({ data: z.record(z.string(), z.unknown()).nullable().optional(), errors: z.array(z.object({ message: z.string() })).optional() }).parse(await response.json());
    if (body.errors !== undefined && body.errors.length > 0) throw new VendureApiError(`Vendure admin API: ${body.errors.map((e) => e.message).join('; ').slice(0, 300)}`);
    const parsed = schema.safeParse(body.data?.[field]);
    if (!parsed.success) throw new VendureApiError(`Vendure admin API answered ${field} in an unexpected shape`);
    return parsed.data;
  };
  const listOptions = (window: ListWindow, extraFilter: Record<string, unknown> = {}) => ({
    options: { skip: window.skip, take: window.take, sort: { [window.field]: 'ASC' }, filter: { [window.field]: { after: window.after }, ...extraFilter } },
  });
  return {
    customers: (window) => call(CUSTOMERS_QUERY, listOptions(window), 'customers', CustomerPageSchema),
    // An active order is still a basket: only placed orders are records of the company.
    orders: (window) => call(ORDERS_QUERY, listOptions(window, { active: { eq: false } }), 'orders', OrderPageSchema),
  };
}
