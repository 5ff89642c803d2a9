import { z } from 'zod';
export declare const CustomerIdSchema: z.ZodString;
export declare const OrderRefSchema: z.ZodString;
export declare const LOOKUP_KINDS: readonly ["customerId", "order", "card"];
export declare const LookupKindSchema: z.ZodEnum<{
    order: "order";
    card: "card";
    customerId: "customerId";
}>;
export type LookupKind = z.infer<typeof LookupKindSchema>;
/** Input is what was typed; after parsing a card lookup holds digits only, in memory. */
export declare const LookupRequestSchema: z.ZodDiscriminatedUnion<[z.ZodObject<{
    by: z.ZodLiteral<"customerId">;
    value: z.ZodString;
}, z.core.$strip>, z.ZodObject<{
    by: z.ZodLiteral<"order">;
    value: z.ZodString;
}, z.core.$strip>, z.ZodObject<{
    by: z.ZodLiteral<"card">;
    value: z.ZodPipe<z.ZodString, z.ZodTransform<string, string>>;
}, z.core.$strip>], "by">;
export type LookupRequest = z.infer<typeof LookupRequestSchema>;
export declare const MaskedCardSchema: z.ZodObject<{
    cardId: z.ZodString;
    brand: z.ZodEnum<{
        visa: "visa";
        mastercard: "mastercard";
        amex: "amex";
        discover: "discover";
        jcb: "jcb";
        unionpay: "unionpay";
        diners: "diners";
        maestro: "maestro";
    }>;
    masked: z.ZodString;
    last4: z.ZodString;
    expiry: z.ZodString;
}, z.core.$strip>;
export type MaskedCard = z.infer<typeof MaskedCardSchema>;
export declare const CustomerSummarySchema: z.ZodObject<{
    customerId: z.ZodString;
    displayName: z.ZodString;
    emailMasked: z.ZodString;
    city: z.ZodString;
    country: z.ZodString;
    memberSince: z.ZodISODate;
    cards: z.ZodArray<z.ZodObject<{
        cardId: z.ZodString;
        brand: z.ZodEnum<{
            visa: "visa";
            mastercard: "mastercard";
            amex: "amex";
            discover: "discover";
            jcb: "jcb";
            unionpay: "unionpay";
            diners: "diners";
            maestro: "maestro";
        }>;
        masked: z.ZodString;
        last4: z.ZodString;
        expiry: z.ZodString;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;
export declare const LookupResultSchema: z.ZodObject<{
    by: z.ZodEnum<{
        order: "order";
        card: "card";
        customerId: "customerId";
    }>;
    results: z.ZodArray<z.ZodObject<{
        customerId: z.ZodString;
        displayName: z.ZodString;
        emailMasked: z.ZodString;
        city: z.ZodString;
        country: z.ZodString;
        memberSince: z.ZodISODate;
        cards: z.ZodArray<z.ZodObject<{
            cardId: z.ZodString;
            brand: z.ZodEnum<{
                visa: "visa";
                mastercard: "mastercard";
                amex: "amex";
                discover: "discover";
                jcb: "jcb";
                unionpay: "unionpay";
                diners: "diners";
                maestro: "maestro";
            }>;
            masked: z.ZodString;
            last4: z.ZodString;
            expiry: z.ZodString;
        }, z.core.$strip>>;
    }, z.core.$strip>>;
    truncated: z.ZodBoolean;
}, z.core.$strip>;
export type LookupResult = z.infer<typeof LookupResultSchema>;
export declare const PaymentSchema: z.ZodObject<{
    transactionId: z.ZodString;
    status: z.ZodEnum<{
        authorized: "authorized";
        captured: "captured";
        refunded: "refunded";
        partially_refunded: "partially_refunded";
        failed: "failed";
        chargeback: "chargeback";
    }>;
    amountMinor: z.ZodNumber;
    currency: z.ZodString;
    at: z.ZodISODateTime;
    card: z.ZodObject<{
        cardId: z.ZodString;
        brand: z.ZodEnum<{
            visa: "visa";
            mastercard: "mastercard";
            amex: "amex";
            discover: "discover";
            jcb: "jcb";
            unionpay: "unionpay";
            diners: "diners";
            maestro: "maestro";
        }>;
        masked: z.ZodString;
        last4: z.ZodString;
        expiry: z.ZodString;
    }, z.core.$strip>;
}, z.core.$strip>;
export declare const SHIPMENT_STATUSES: readonly ["label_created", "in_transit", "out_for_delivery", "delivered", "exception", "returned"];
export declare const ShipmentStatusSchema: z.ZodEnum<{
    label_created: "label_created";
    in_transit: "in_transit";
    out_for_delivery: "out_for_delivery";
    delivered: "delivered";
    exception: "exception";
    returned: "returned";
}>;
export declare const ShipmentSchema: z.ZodObject<{
    shipmentId: z.ZodString;
    carrier: z.ZodString;
    trackingNumber: z.ZodString;
    status: z.ZodEnum<{
        label_created: "label_created";
        in_transit: "in_transit";
        out_for_delivery: "out_for_delivery";
        delivered: "delivered";
        exception: "exception";
        returned: "returned";
    }>;
    eta: z.ZodNullable<z.ZodISODate>;
    history: z.ZodArray<z.ZodObject<{
        at: z.ZodISODateTime;
        status: z.ZodEnum<{
            label_created: "label_created";
            in_transit: "in_transit";
            out_for_delivery: "out_for_delivery";
            delivered: "delivered";
            exception: "exception";
            returned: "returned";
        }>;
        location: z.ZodString;
    }, z.core.$strip>>;
}, z.core.$strip>;
export declare const OrderSchema: z.ZodObject<{
    orderId: z.ZodString;
    placedAt: z.ZodISODateTime;
    status: z.ZodEnum<{
        refunded: "refunded";
        delivered: "delivered";
        placed: "placed";
        paid: "paid";
        shipped: "shipped";
        cancelled: "cancelled";
    }>;
    totalMinor: z.ZodNumber;
    currency: z.ZodString;
    items: z.ZodArray<z.ZodObject<{
        sku: z.ZodString;
        name: z.ZodString;
        quantity: z.ZodNumber;
        unitPriceMinor: z.ZodNumber;
    }, z.core.$strip>>;
    payments: z.ZodArray<z.ZodObject<{
        transactionId: z.ZodString;
        status: z.ZodEnum<{
            authorized: "authorized";
            captured: "captured";
            refunded: "refunded";
            partially_refunded: "partially_refunded";
            failed: "failed";
            chargeback: "chargeback";
        }>;
        amountMinor: z.ZodNumber;
        currency: z.ZodString;
        at: z.ZodISODateTime;
        card: z.ZodObject<{
            cardId: z.ZodString;
            brand: z.ZodEnum<{
                visa: "visa";
                mastercard: "mastercard";
                amex: "amex";
                discover: "discover";
                jcb: "jcb";
                unionpay: "unionpay";
                diners: "diners";
                maestro: "maestro";
            }>;
            masked: z.ZodString;
            last4: z.ZodString;
            expiry: z.ZodString;
        }, z.core.$strip>;
    }, z.core.$strip>>;
    shipments: z.ZodArray<z.ZodObject<{
        shipmentId: z.ZodString;
        carrier: z.ZodString;
        trackingNumber: z.ZodString;
        status: z.ZodEnum<{
            label_created: "label_created";
            in_transit: "in_transit";
            out_for_delivery: "out_for_delivery";
            delivered: "delivered";
            exception: "exception";
            returned: "returned";
        }>;
        eta: z.ZodNullable<z.ZodISODate>;
        history: z.ZodArray<z.ZodObject<{
            at: z.ZodISODateTime;
            status: z.ZodEnum<{
                label_created: "label_created";
                in_transit: "in_transit";
                out_for_delivery: "out_for_delivery";
                delivered: "delivered";
                exception: "exception";
                returned: "returned";
            }>;
            location: z.ZodString;
        }, z.core.$strip>>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type Order = z.infer<typeof OrderSchema>;
export declare const SubscriptionSchema: z.ZodObject<{
    subscriptionId: z.ZodString;
    product: z.ZodString;
    kind: z.ZodEnum<{
        subscription: "subscription";
        licence: "licence";
    }>;
    status: z.ZodEnum<{
        cancelled: "cancelled";
        active: "active";
        expired: "expired";
    }>;
    startedAt: z.ZodISODateTime;
    expiresAt: z.ZodISODateTime;
    autoRenew: z.ZodBoolean;
}, z.core.$strip>;
export type Subscription = z.infer<typeof SubscriptionSchema>;
export declare const NoteTextSchema: z.ZodString;
export declare const NoteSchema: z.ZodObject<{
    noteId: z.ZodString;
    customerId: z.ZodString;
    authorId: z.ZodString;
    authorName: z.ZodString;
    at: z.ZodISODateTime;
    text: z.ZodString;
}, z.core.$strip>;
export type Note = z.infer<typeof NoteSchema>;
export declare const CustomerDetailSchema: z.ZodObject<{
    customer: z.ZodObject<{
        customerId: z.ZodString;
        displayName: z.ZodString;
        emailMasked: z.ZodString;
        city: z.ZodString;
        country: z.ZodString;
        memberSince: z.ZodISODate;
        cards: z.ZodArray<z.ZodObject<{
            cardId: z.ZodString;
            brand: z.ZodEnum<{
                visa: "visa";
                mastercard: "mastercard";
                amex: "amex";
                discover: "discover";
                jcb: "jcb";
                unionpay: "unionpay";
                diners: "diners";
                maestro: "maestro";
            }>;
            masked: z.ZodString;
            last4: z.ZodString;
            expiry: z.ZodString;
        }, z.core.$strip>>;
        phoneMasked: z.ZodString;
        postcode: z.ZodString;
    }, z.core.$strip>;
    orders: z.ZodArray<z.ZodObject<{
        orderId: z.ZodString;
        placedAt: z.ZodISODateTime;
        status: z.ZodEnum<{
            refunded: "refunded";
            delivered: "delivered";
            placed: "placed";
            paid: "paid";
            shipped: "shipped";
            cancelled: "cancelled";
        }>;
        totalMinor: z.ZodNumber;
        currency: z.ZodString;
        items: z.ZodArray<z.ZodObject<{
            sku: z.ZodString;
            name: z.ZodString;
            quantity: z.ZodNumber;
            unitPriceMinor: z.ZodNumber;
        }, z.core.$strip>>;
        payments: z.ZodArray<z.ZodObject<{
            transactionId: z.ZodString;
            status: z.ZodEnum<{
                authorized: "authorized";
                captured: "captured";
                refunded: "refunded";
                partially_refunded: "partially_refunded";
                failed: "failed";
                chargeback: "chargeback";
            }>;
            amountMinor: z.ZodNumber;
            currency: z.ZodString;
            at: z.ZodISODateTime;
            card: z.ZodObject<{
                cardId: z.ZodString;
                brand: z.ZodEnum<{
                    visa: "visa";
                    mastercard: "mastercard";
                    amex: "amex";
                    discover: "discover";
                    jcb: "jcb";
                    unionpay: "unionpay";
                    diners: "diners";
                    maestro: "maestro";
                }>;
                masked: z.ZodString;
                last4: z.ZodString;
                expiry: z.ZodString;
            }, z.core.$strip>;
        }, z.core.$strip>>;
        shipments: z.ZodArray<z.ZodObject<{
            shipmentId: z.ZodString;
            carrier: z.ZodString;
            trackingNumber: z.ZodString;
            status: z.ZodEnum<{
                label_created: "label_created";
                in_transit: "in_transit";
                out_for_delivery: "out_for_delivery";
                delivered: "delivered";
                exception: "exception";
                returned: "returned";
            }>;
            eta: z.ZodNullable<z.ZodISODate>;
            history: z.ZodArray<z.ZodObject<{
                at: z.ZodISODateTime;
                status: z.ZodEnum<{
                    label_created: "label_created";
                    in_transit: "in_transit";
                    out_for_delivery: "out_for_delivery";
                    delivered: "delivered";
                    exception: "exception";
                    returned: "returned";
                }>;
                location: z.ZodString;
            }, z.core.$strip>>;
        }, z.core.$strip>>;
    }, z.core.$strip>>;
    subscriptions: z.ZodArray<z.ZodObject<{
        subscriptionId: z.ZodString;
        product: z.ZodString;
        kind: z.ZodEnum<{
            subscription: "subscription";
            licence: "licence";
        }>;
        status: z.ZodEnum<{
            cancelled: "cancelled";
            active: "active";
            expired: "expired";
        }>;
        startedAt: z.ZodISODateTime;
        expiresAt: z.ZodISODateTime;
        autoRenew: z.ZodBoolean;
    }, z.core.$strip>>;
    notes: z.ZodArray<z.ZodObject<{
        noteId: z.ZodString;
        customerId: z.ZodString;
        authorId: z.ZodString;
        authorName: z.ZodString;
        at: z.ZodISODateTime;
        text: z.ZodString;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type CustomerDetail = z.infer<typeof CustomerDetailSchema>;
export declare const GetCustomerRequestSchema: z.ZodObject<{
    customerId: z.ZodString;
}, z.core.$strip>;
export declare const AddNoteRequestSchema: z.ZodObject<{
    customerId: z.ZodString;
    text: z.ZodString;
}, z.core.$strip>;
export declare const EXTENSION_MAX_DAYS = 365;
export declare const ExtendSubscriptionRequestSchema: z.ZodObject<{
    customerId: z.ZodString;
    subscriptionId: z.ZodString;
    days: z.ZodNumber;
    reason: z.ZodString;
}, z.core.$strip>;
export type ExtendSubscriptionRequest = z.infer<typeof ExtendSubscriptionRequestSchema>;
