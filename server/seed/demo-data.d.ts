import type { CustomerRecordSet } from '../storage/store.ts';
/** All demo dates are relative to this instant, so the data set never changes. */
export declare const DEMO_ANCHOR: number;
export declare const DEMO_CUSTOMER_COUNT = 10000;
/**
 * Standard public test card numbers on the first customers, so a person can try
 * a card lookup. 4111 1111 1111 1111 is on two customers, to show several matches.
 */
export declare const DEMO_TEST_CARDS: readonly {
    customerId: string;
    pan: string;
}[];
/** Generates customer `n` (1-based); the same n always gives the same records. */
export declare function demoCustomer(n: number, hmac: (pan: string) => string): CustomerRecordSet;
