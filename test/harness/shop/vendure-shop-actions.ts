// What people do in the Vendure shop during the connector's test, over its public
// GraphQL APIs: a shopper checks out as a guest and pays, and the back office
// ships and refunds. Each answer is checked, so a step that fails says so.
import { parse } from 'graphql';
import type { SimpleGraphQLClient } from '@vendure/testing';
import type { VendureShop } from './vendure-shop.ts';

export interface Shopper {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: string;
}

type Answer = Record<string, { __typename?: string; id?: string; code?: string } | undefined>;

/** Runs one mutation and answers its result, which must be of `typename` (Vendure answers an ErrorResult otherwise). */
async function step(client: SimpleGraphQLClient, mutation: string, variables: Record<string, unknown>, field: string, typename: string) {
  const answer = await client.query<Answer>(parse(mutation), variables);
  const result = answer[field];
  if (result?.__typename !== typename) throw new Error(`Vendure ${field}: ${JSON.stringify(result)}`);
  return result;
}

/** Places and pays an order as a guest; answers its code. */
export async function placeOrder(shop: VendureShop, shopper: Shopper, quantity = 1): Promise<{ code: string; id: string }> {
  const client = shop.shop;
  const variants = await client.query<{ products: { items: { variants: { id: string }[] }[] } }>(parse('{ products { items { variants { id } } } }'));
  const variantId = variants.products.items[0]?.variants[0]?.id;
  if (variantId === undefined) throw new Error('Vendure shop has no product');
  await step(client, 'mutation($id: ID!, $q: Int!) { addItemToOrder(productVariantId: $id, quantity: $q) { __typename ... on Order { id } ... on ErrorResult { message } } }', { id: variantId, q: quantity }, 'addItemToOrder', 'Order');
  await step(client, 'mutation($input: CreateCustomerInput!) { setCustomerForOrder(input: $input) { __typename ... on ErrorResult { message } } }', {
    input: { emailAddress: shopper.email, firstName: shopper.firstName, lastName: shopper.lastName, phoneNumber: shopper.phone },
  }, 'setCustomerForOrder', 'Order');
  await step(client, 'mutation($input: CreateAddressInput!) { setOrderShippingAddress(input: $input) { __typename ... on ErrorResult { message } } }', {
    input: { fullName: `${shopper.firstName} ${shopper.lastName}`, streetLine1: '1 High Street', city: 'London', postalCode: 'SW1A 1AA', countryCode: 'GB', phoneNumber: shopper.phone },
  }, 'setOrderShippingAddress', 'Order');
  const methods = await client.query<{ eligibleShippingMethods: { id: string }[] }>(parse('{ eligibleShippingMethods { id } }'));
  const shippingId = methods.eligibleShippingMethods[0]?.id;
  if (shippingId === undefined) throw new Error('Vendure shop has no shipping method');
  await step(client, 'mutation($id: [ID!]!) { setOrderShippingMethod(shippingMethodId: $id) { __typename ... on ErrorResult { message } } }', { id: [shippingId] }, 'setOrderShippingMethod', 'Order');
  await step(client, 'mutation { transitionOrderToState(state: "ArrangingPayment") { __typename ... on ErrorResult { message } } }', {}, 'transitionOrderToState', 'Order');
  const paid = await step(client, 'mutation { addPaymentToOrder(input: { method: "test-psp", metadata: {} }) { __typename ... on Order { id code } ... on ErrorResult { message } } }', {}, 'addPaymentToOrder', 'Order');
  if (paid.id === undefined || paid.code === undefined) throw new Error('Vendure addPaymentToOrder answered no order code');
  return { id: paid.id, code: paid.code };
}

/** Refunds `amountMinor` of the order's first payment from the back office. */
export async function refundOrder(shop: VendureShop, orderId: string, amountMinor: number): Promise<void> {
  const order = await shop.admin.query<{ order: { payments: { id: string }[] } }>(parse('query($id: ID!) { order(id: $id) { payments { id } } }'), { id: orderId });
  const paymentId = order.order.payments[0]?.id;
  if (paymentId === undefined) throw new Error('Vendure order has no payment');
  await step(shop.admin, 'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { __typename ... on Refund { id state } ... on ErrorResult { message } } }', {
    input: { paymentId, amount: amountMinor, reason: 'Kettle arrived broken', lines: [], shipping: 0, adjustment: 0 },
  }, 'refundOrder', 'Refund');
}

/** Ships the whole order with a tracking code and hands it to the carrier, from the back office. */
export async function shipOrder(shop: VendureShop, orderId: string, trackingCode: string): Promise<void> {
  const order = await shop.admin.query<{ order: { lines: { id: string; quantity: number }[] } }>(parse('query($id: ID!) { order(id: $id) { lines { id quantity } } }'), { id: orderId });
  const fulfillment = await step(shop.admin, 'mutation($input: FulfillOrderInput!) { addFulfillmentToOrder(input: $input) { __typename ... on Fulfillment { id } ... on ErrorResult { message } } }', {
    input: {
      lines: order.order.lines.map((line) => ({ orderLineId: line.id, quantity: line.quantity })),
      handler: { code: 'manual-fulfillment', arguments: [{ name: 'method', value: 'DHL' }, { name: 'trackingCode', value: trackingCode }] },
    },
  }, 'addFulfillmentToOrder', 'Fulfillment');
  await step(shop.admin, 'mutation($id: ID!) { transitionFulfillmentToState(id: $id, state: "Shipped") { __typename ... on ErrorResult { message } } }', { id: fulfillment.id }, 'transitionFulfillmentToState', 'Fulfillment');
}
