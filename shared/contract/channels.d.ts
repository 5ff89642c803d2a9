import { z } from 'zod';
export declare const ReportRequestSchema: z.ZodObject<{
    query: z.ZodObject<{
        from: z.ZodISODateTime;
        to: z.ZodISODateTime;
        userId: z.ZodOptional<z.ZodString>;
    }, z.core.$strip>;
    format: z.ZodEnum<{
        json: "json";
        csv: "csv";
    }>;
}, z.core.$strip>;
export declare const ReportResponseSchema: z.ZodDiscriminatedUnion<[z.ZodObject<{
    format: z.ZodLiteral<"json">;
    report: z.ZodObject<{
        from: z.ZodISODateTime;
        to: z.ZodISODateTime;
        generatedAt: z.ZodISODateTime;
        rows: z.ZodArray<z.ZodObject<{
            userId: z.ZodString;
            username: z.ZodString;
            lookupsByCustomerId: z.ZodNumber;
            lookupsByOrder: z.ZodNumber;
            lookupsByCard: z.ZodNumber;
            recordsViewed: z.ZodNumber;
            notesAdded: z.ZodNumber;
            extensions: z.ZodNumber;
            failedLogins: z.ZodNumber;
            locks: z.ZodNumber;
        }, z.core.$strip>>;
    }, z.core.$strip>;
}, z.core.$strip>, z.ZodObject<{
    format: z.ZodLiteral<"csv">;
    report: z.ZodObject<{
        from: z.ZodISODateTime;
        to: z.ZodISODateTime;
        generatedAt: z.ZodISODateTime;
        rows: z.ZodArray<z.ZodObject<{
            userId: z.ZodString;
            username: z.ZodString;
            lookupsByCustomerId: z.ZodNumber;
            lookupsByOrder: z.ZodNumber;
            lookupsByCard: z.ZodNumber;
            recordsViewed: z.ZodNumber;
            notesAdded: z.ZodNumber;
            extensions: z.ZodNumber;
            failedLogins: z.ZodNumber;
            locks: z.ZodNumber;
        }, z.core.$strip>>;
    }, z.core.$strip>;
    csv: z.ZodString;
}, z.core.$strip>], "format">;
export declare const channels: Readonly<{
    readonly 'session.login': {
        readonly request: z.ZodObject<{
            username: z.ZodString;
            password: z.ZodString;
            otp: z.ZodOptional<z.ZodString>;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
            userId: z.ZodString;
            username: z.ZodString;
            displayName: z.ZodString;
            roles: z.ZodArray<z.ZodEnum<{
                agent: "agent";
                supervisor: "supervisor";
                admin: "admin";
            }>>;
            mfaEnabled: z.ZodBoolean;
        }, z.core.$strip>;
        readonly access: "public";
        readonly audit: "auth.login";
        readonly whileLocked: false;
    };
    readonly 'session.logout': {
        readonly request: z.ZodObject<{}, z.core.$strict>;
        readonly response: z.ZodObject<{}, z.core.$strict>;
        readonly access: "session";
        readonly audit: "auth.logout";
        readonly whileLocked: true;
    };
    readonly 'session.lock': {
        readonly request: z.ZodObject<{}, z.core.$strict>;
        readonly response: z.ZodDiscriminatedUnion<[z.ZodObject<{
            status: z.ZodLiteral<"signed_out">;
        }, z.core.$strip>, z.ZodObject<{
            status: z.ZodLiteral<"active">;
            user: z.ZodObject<{
                userId: z.ZodString;
                username: z.ZodString;
                displayName: z.ZodString;
                roles: z.ZodArray<z.ZodEnum<{
                    agent: "agent";
                    supervisor: "supervisor";
                    admin: "admin";
                }>>;
                mfaEnabled: z.ZodBoolean;
            }, z.core.$strip>;
            since: z.ZodISODateTime;
        }, z.core.$strip>, z.ZodObject<{
            status: z.ZodLiteral<"locked">;
            user: z.ZodObject<{
                userId: z.ZodString;
                username: z.ZodString;
                displayName: z.ZodString;
                roles: z.ZodArray<z.ZodEnum<{
                    agent: "agent";
                    supervisor: "supervisor";
                    admin: "admin";
                }>>;
                mfaEnabled: z.ZodBoolean;
            }, z.core.$strip>;
            lockedAt: z.ZodISODateTime;
            reason: z.ZodEnum<{
                expired: "expired";
                idle: "idle";
                manual: "manual";
                os_lock: "os_lock";
                suspend: "suspend";
            }>;
            otpRequired: z.ZodBoolean;
        }, z.core.$strip>], "status">;
        readonly access: "session";
        readonly audit: "session.lock";
        readonly whileLocked: true;
    };
    readonly 'session.unlock': {
        readonly request: z.ZodObject<{
            password: z.ZodString;
            otp: z.ZodOptional<z.ZodString>;
        }, z.core.$strip>;
        readonly response: z.ZodDiscriminatedUnion<[z.ZodObject<{
            status: z.ZodLiteral<"signed_out">;
        }, z.core.$strip>, z.ZodObject<{
            status: z.ZodLiteral<"active">;
            user: z.ZodObject<{
                userId: z.ZodString;
                username: z.ZodString;
                displayName: z.ZodString;
                roles: z.ZodArray<z.ZodEnum<{
                    agent: "agent";
                    supervisor: "supervisor";
                    admin: "admin";
                }>>;
                mfaEnabled: z.ZodBoolean;
            }, z.core.$strip>;
            since: z.ZodISODateTime;
        }, z.core.$strip>, z.ZodObject<{
            status: z.ZodLiteral<"locked">;
            user: z.ZodObject<{
                userId: z.ZodString;
                username: z.ZodString;
                displayName: z.ZodString;
                roles: z.ZodArray<z.ZodEnum<{
                    agent: "agent";
                    supervisor: "supervisor";
                    admin: "admin";
                }>>;
                mfaEnabled: z.ZodBoolean;
            }, z.core.$strip>;
            lockedAt: z.ZodISODateTime;
            reason: z.ZodEnum<{
                expired: "expired";
                idle: "idle";
                manual: "manual";
                os_lock: "os_lock";
                suspend: "suspend";
            }>;
            otpRequired: z.ZodBoolean;
        }, z.core.$strip>], "status">;
        readonly access: "session";
        readonly audit: "session.unlock";
        readonly whileLocked: true;
    };
    readonly 'session.state': {
        readonly request: z.ZodObject<{}, z.core.$strict>;
        readonly response: z.ZodDiscriminatedUnion<[z.ZodObject<{
            status: z.ZodLiteral<"signed_out">;
        }, z.core.$strip>, z.ZodObject<{
            status: z.ZodLiteral<"active">;
            user: z.ZodObject<{
                userId: z.ZodString;
                username: z.ZodString;
                displayName: z.ZodString;
                roles: z.ZodArray<z.ZodEnum<{
                    agent: "agent";
                    supervisor: "supervisor";
                    admin: "admin";
                }>>;
                mfaEnabled: z.ZodBoolean;
            }, z.core.$strip>;
            since: z.ZodISODateTime;
        }, z.core.$strip>, z.ZodObject<{
            status: z.ZodLiteral<"locked">;
            user: z.ZodObject<{
                userId: z.ZodString;
                username: z.ZodString;
                displayName: z.ZodString;
                roles: z.ZodArray<z.ZodEnum<{
                    agent: "agent";
                    supervisor: "supervisor";
                    admin: "admin";
                }>>;
                mfaEnabled: z.ZodBoolean;
            }, z.core.$strip>;
            lockedAt: z.ZodISODateTime;
            reason: z.ZodEnum<{
                expired: "expired";
                idle: "idle";
                manual: "manual";
                os_lock: "os_lock";
                suspend: "suspend";
            }>;
            otpRequired: z.ZodBoolean;
        }, z.core.$strip>], "status">;
        readonly access: "public";
        readonly audit: {
            readonly none: "reads only the caller’s own session state, no customer data";
        };
        readonly whileLocked: true;
    };
    readonly 'customers.lookup': {
        readonly request: z.ZodDiscriminatedUnion<[z.ZodObject<{
            by: z.ZodLiteral<"customerId">;
            value: z.ZodString;
        }, z.core.$strip>, z.ZodObject<{
            by: z.ZodLiteral<"order">;
            value: z.ZodString;
        }, z.core.$strip>, z.ZodObject<{
            by: z.ZodLiteral<"card">;
            value: z.ZodPipe<z.ZodString, z.ZodTransform<string, string>>;
        }, z.core.$strip>], "by">;
        readonly response: z.ZodObject<{
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
        readonly access: "customers.lookup";
        readonly audit: "customer.lookup";
        readonly whileLocked: false;
    };
    readonly 'customers.get': {
        readonly request: z.ZodObject<{
            customerId: z.ZodString;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
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
        readonly access: "customers.read";
        readonly audit: "customer.view";
        readonly whileLocked: false;
    };
    readonly 'notes.add': {
        readonly request: z.ZodObject<{
            customerId: z.ZodString;
            text: z.ZodString;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
            noteId: z.ZodString;
            customerId: z.ZodString;
            authorId: z.ZodString;
            authorName: z.ZodString;
            at: z.ZodISODateTime;
            text: z.ZodString;
        }, z.core.$strip>;
        readonly access: "notes.write";
        readonly audit: "customer.note.add";
        readonly whileLocked: false;
    };
    readonly 'subscriptions.extend': {
        readonly request: z.ZodObject<{
            customerId: z.ZodString;
            subscriptionId: z.ZodString;
            days: z.ZodNumber;
            reason: z.ZodString;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
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
        readonly access: "subscriptions.extend";
        readonly audit: "subscription.extend";
        readonly whileLocked: false;
    };
    readonly 'audit.status': {
        readonly request: z.ZodObject<{}, z.core.$strict>;
        readonly response: z.ZodObject<{
            state: z.ZodEnum<{
                idle: "idle";
                offline: "offline";
                syncing: "syncing";
                retrying: "retrying";
                halted: "halted";
            }>;
            queueDepth: z.ZodNumber;
            oldestUnsyncedAgeMs: z.ZodNullable<z.ZodNumber>;
            lastSuccessAt: z.ZodNullable<z.ZodISODateTime>;
            lastError: z.ZodNullable<z.ZodObject<{
                code: z.ZodString;
                message: z.ZodString;
                at: z.ZodISODateTime;
            }, z.core.$strip>>;
        }, z.core.$strip>;
        readonly access: "session";
        readonly audit: {
            readonly none: "status-bar poll of queue depth; no audit content is read";
        };
        readonly whileLocked: true;
    };
    readonly 'supervisor.agents': {
        readonly request: z.ZodObject<{}, z.core.$strict>;
        readonly response: z.ZodArray<z.ZodObject<{
            userId: z.ZodString;
            username: z.ZodString;
            displayName: z.ZodString;
            deviceId: z.ZodNullable<z.ZodString>;
            state: z.ZodEnum<{
                active: "active";
                idle: "idle";
                locked: "locked";
                offline: "offline";
            }>;
            captureProtection: z.ZodNullable<z.ZodEnum<{
                protected: "protected";
                unsupported: "unsupported";
                off: "off";
            }>>;
            queueDepth: z.ZodNumber;
            appVersion: z.ZodNullable<z.ZodString>;
            lastSeenAt: z.ZodNullable<z.ZodISODateTime>;
            stateSince: z.ZodNullable<z.ZodISODateTime>;
        }, z.core.$strip>>;
        readonly access: "supervisor.monitor";
        readonly audit: "supervisor.view";
        readonly whileLocked: false;
    };
    readonly 'supervisor.searchAudit': {
        readonly request: z.ZodObject<{
            userId: z.ZodOptional<z.ZodString>;
            type: z.ZodOptional<z.ZodEnum<{
                "customer.lookup": "customer.lookup";
                "customer.view": "customer.view";
                "customer.note.add": "customer.note.add";
                "subscription.extend": "subscription.extend";
                "dlp.pan_masked": "dlp.pan_masked";
                "admin.user.change": "admin.user.change";
                "admin.device.revoke": "admin.device.revoke";
                "admin.policy.change": "admin.policy.change";
                "audit.read": "audit.read";
                "report.generate": "report.generate";
                "auth.login": "auth.login";
                "auth.reauth": "auth.reauth";
                "auth.refresh": "auth.refresh";
                "auth.logout": "auth.logout";
                "access.denied": "access.denied";
                "ipc.sender_rejected": "ipc.sender_rejected";
                "auth.credential.change": "auth.credential.change";
                "account.create": "account.create";
                "account.delete": "account.delete";
                "account.role.change": "account.role.change";
                "device.enroll": "device.enroll";
                "app.start": "app.start";
                "app.stop": "app.stop";
                "audit.queue.open": "audit.queue.open";
                "audit.queue.full": "audit.queue.full";
                "audit.sync.halted": "audit.sync.halted";
                "audit.sync.resumed": "audit.sync.resumed";
                "audit.integrity.failure": "audit.integrity.failure";
                "audit.purge": "audit.purge";
                "key.create": "key.create";
                "key.rotate": "key.rotate";
                "update.install": "update.install";
                "update.check": "update.check";
                "session.lock": "session.lock";
                "session.unlock": "session.unlock";
                "session.expire": "session.expire";
                "capture.protection": "capture.protection";
                "policy.load": "policy.load";
                "alert.ack": "alert.ack";
                "supervisor.view": "supervisor.view";
                "external.open": "external.open";
            }>>;
            customerId: z.ZodOptional<z.ZodString>;
            from: z.ZodOptional<z.ZodISODateTime>;
            to: z.ZodOptional<z.ZodISODateTime>;
            limit: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
            cursor: z.ZodOptional<z.ZodString>;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
            events: z.ZodArray<z.ZodObject<{
                deviceId: z.ZodString;
                seq: z.ZodNumber;
                receivedAt: z.ZodISODateTime;
                event: z.ZodObject<{
                    id: z.ZodUUID;
                    type: z.ZodEnum<{
                        "customer.lookup": "customer.lookup";
                        "customer.view": "customer.view";
                        "customer.note.add": "customer.note.add";
                        "subscription.extend": "subscription.extend";
                        "dlp.pan_masked": "dlp.pan_masked";
                        "admin.user.change": "admin.user.change";
                        "admin.device.revoke": "admin.device.revoke";
                        "admin.policy.change": "admin.policy.change";
                        "audit.read": "audit.read";
                        "report.generate": "report.generate";
                        "auth.login": "auth.login";
                        "auth.reauth": "auth.reauth";
                        "auth.refresh": "auth.refresh";
                        "auth.logout": "auth.logout";
                        "access.denied": "access.denied";
                        "ipc.sender_rejected": "ipc.sender_rejected";
                        "auth.credential.change": "auth.credential.change";
                        "account.create": "account.create";
                        "account.delete": "account.delete";
                        "account.role.change": "account.role.change";
                        "device.enroll": "device.enroll";
                        "app.start": "app.start";
                        "app.stop": "app.stop";
                        "audit.queue.open": "audit.queue.open";
                        "audit.queue.full": "audit.queue.full";
                        "audit.sync.halted": "audit.sync.halted";
                        "audit.sync.resumed": "audit.sync.resumed";
                        "audit.integrity.failure": "audit.integrity.failure";
                        "audit.purge": "audit.purge";
                        "key.create": "key.create";
                        "key.rotate": "key.rotate";
                        "update.install": "update.install";
                        "update.check": "update.check";
                        "session.lock": "session.lock";
                        "session.unlock": "session.unlock";
                        "session.expire": "session.expire";
                        "capture.protection": "capture.protection";
                        "policy.load": "policy.load";
                        "alert.ack": "alert.ack";
                        "supervisor.view": "supervisor.view";
                        "external.open": "external.open";
                    }>;
                    at: z.ZodISODateTime;
                    outcome: z.ZodEnum<{
                        success: "success";
                        failure: "failure";
                    }>;
                    reason: z.ZodNullable<z.ZodString>;
                    actor: z.ZodObject<{
                        userId: z.ZodNullable<z.ZodString>;
                        username: z.ZodNullable<z.ZodString>;
                        roles: z.ZodArray<z.ZodEnum<{
                            agent: "agent";
                            supervisor: "supervisor";
                            admin: "admin";
                        }>>;
                    }, z.core.$strip>;
                    origin: z.ZodObject<{
                        deviceId: z.ZodString;
                        appVersion: z.ZodString;
                        host: z.ZodString;
                    }, z.core.$strip>;
                    target: z.ZodObject<{
                        kind: z.ZodEnum<{
                            session: "session";
                            key: "key";
                            url: "url";
                            customer: "customer";
                            order: "order";
                            card: "card";
                            subscription: "subscription";
                            note: "note";
                            account: "account";
                            device: "device";
                            "audit-log": "audit-log";
                            alert: "alert";
                            report: "report";
                            policy: "policy";
                            app: "app";
                            ipc: "ipc";
                        }>;
                        id: z.ZodNullable<z.ZodString>;
                    }, z.core.$strip>;
                    details: z.ZodRecord<z.ZodString, z.ZodUnion<readonly [z.ZodString, z.ZodNumber, z.ZodBoolean, z.ZodNull]>>;
                }, z.core.$strict>;
            }, z.core.$strip>>;
            nextCursor: z.ZodNullable<z.ZodString>;
        }, z.core.$strip>;
        readonly access: "supervisor.auditRead";
        readonly audit: "audit.read";
        readonly whileLocked: false;
    };
    readonly 'supervisor.alerts': {
        readonly request: z.ZodObject<{
            status: z.ZodDefault<z.ZodEnum<{
                open: "open";
                acknowledged: "acknowledged";
                all: "all";
            }>>;
        }, z.core.$strip>;
        readonly response: z.ZodArray<z.ZodObject<{
            alertId: z.ZodString;
            kind: z.ZodEnum<{
                card_lookup_burst: "card_lookup_burst";
                failed_logins: "failed_logins";
                capture_unprotected: "capture_unprotected";
                audit_chain_break: "audit_chain_break";
                audit_quarantine: "audit_quarantine";
                sync_lag: "sync_lag";
            }>;
            severity: z.ZodEnum<{
                info: "info";
                warning: "warning";
                critical: "critical";
            }>;
            raisedAt: z.ZodISODateTime;
            userId: z.ZodNullable<z.ZodString>;
            deviceId: z.ZodNullable<z.ZodString>;
            message: z.ZodString;
            status: z.ZodEnum<{
                open: "open";
                acknowledged: "acknowledged";
            }>;
            ackedBy: z.ZodNullable<z.ZodString>;
            ackedAt: z.ZodNullable<z.ZodISODateTime>;
            ackNote: z.ZodNullable<z.ZodString>;
        }, z.core.$strip>>;
        readonly access: "supervisor.monitor";
        readonly audit: "supervisor.view";
        readonly whileLocked: false;
    };
    readonly 'supervisor.ackAlert': {
        readonly request: z.ZodObject<{
            alertId: z.ZodString;
            note: z.ZodString;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
            alertId: z.ZodString;
            kind: z.ZodEnum<{
                card_lookup_burst: "card_lookup_burst";
                failed_logins: "failed_logins";
                capture_unprotected: "capture_unprotected";
                audit_chain_break: "audit_chain_break";
                audit_quarantine: "audit_quarantine";
                sync_lag: "sync_lag";
            }>;
            severity: z.ZodEnum<{
                info: "info";
                warning: "warning";
                critical: "critical";
            }>;
            raisedAt: z.ZodISODateTime;
            userId: z.ZodNullable<z.ZodString>;
            deviceId: z.ZodNullable<z.ZodString>;
            message: z.ZodString;
            status: z.ZodEnum<{
                open: "open";
                acknowledged: "acknowledged";
            }>;
            ackedBy: z.ZodNullable<z.ZodString>;
            ackedAt: z.ZodNullable<z.ZodISODateTime>;
            ackNote: z.ZodNullable<z.ZodString>;
        }, z.core.$strip>;
        readonly access: "supervisor.alertsAck";
        readonly audit: "alert.ack";
        readonly whileLocked: false;
    };
    readonly 'supervisor.report': {
        readonly request: z.ZodObject<{
            query: z.ZodObject<{
                from: z.ZodISODateTime;
                to: z.ZodISODateTime;
                userId: z.ZodOptional<z.ZodString>;
            }, z.core.$strip>;
            format: z.ZodEnum<{
                json: "json";
                csv: "csv";
            }>;
        }, z.core.$strip>;
        readonly response: z.ZodDiscriminatedUnion<[z.ZodObject<{
            format: z.ZodLiteral<"json">;
            report: z.ZodObject<{
                from: z.ZodISODateTime;
                to: z.ZodISODateTime;
                generatedAt: z.ZodISODateTime;
                rows: z.ZodArray<z.ZodObject<{
                    userId: z.ZodString;
                    username: z.ZodString;
                    lookupsByCustomerId: z.ZodNumber;
                    lookupsByOrder: z.ZodNumber;
                    lookupsByCard: z.ZodNumber;
                    recordsViewed: z.ZodNumber;
                    notesAdded: z.ZodNumber;
                    extensions: z.ZodNumber;
                    failedLogins: z.ZodNumber;
                    locks: z.ZodNumber;
                }, z.core.$strip>>;
            }, z.core.$strip>;
        }, z.core.$strip>, z.ZodObject<{
            format: z.ZodLiteral<"csv">;
            report: z.ZodObject<{
                from: z.ZodISODateTime;
                to: z.ZodISODateTime;
                generatedAt: z.ZodISODateTime;
                rows: z.ZodArray<z.ZodObject<{
                    userId: z.ZodString;
                    username: z.ZodString;
                    lookupsByCustomerId: z.ZodNumber;
                    lookupsByOrder: z.ZodNumber;
                    lookupsByCard: z.ZodNumber;
                    recordsViewed: z.ZodNumber;
                    notesAdded: z.ZodNumber;
                    extensions: z.ZodNumber;
                    failedLogins: z.ZodNumber;
                    locks: z.ZodNumber;
                }, z.core.$strip>>;
            }, z.core.$strip>;
            csv: z.ZodString;
        }, z.core.$strip>], "format">;
        readonly access: "supervisor.reports";
        readonly audit: "report.generate";
        readonly whileLocked: false;
    };
    readonly 'app.status': {
        readonly request: z.ZodObject<{}, z.core.$strict>;
        readonly response: z.ZodObject<{
            appVersion: z.ZodString;
            deviceId: z.ZodString;
            platform: z.ZodEnum<{
                win32: "win32";
                darwin: "darwin";
                linux: "linux";
            }>;
            server: z.ZodString;
            captureProtection: z.ZodEnum<{
                protected: "protected";
                unsupported: "unsupported";
                off: "off";
            }>;
            sensitiveViewsAllowed: z.ZodBoolean;
            policy: z.ZodObject<{
                idleLockMinutes: z.ZodNumber;
                maskReveal: z.ZodEnum<{
                    last4: "last4";
                    "bin+last4": "bin+last4";
                }>;
                captureProtection: z.ZodEnum<{
                    require: "require";
                    warn: "warn";
                }>;
                unlockRequiresOtp: z.ZodBoolean;
            }, z.core.$strip>;
            serverTime: z.ZodNullable<z.ZodISODateTime>;
        }, z.core.$strip>;
        readonly access: "public";
        readonly audit: {
            readonly none: "version, device and policy summary; no user or customer data";
        };
        readonly whileLocked: true;
    };
    readonly 'app.openExternal': {
        readonly request: z.ZodObject<{
            url: z.ZodURL;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{}, z.core.$strict>;
        readonly access: "session";
        readonly audit: "external.open";
        readonly whileLocked: false;
    };
}>;
export type Channels = typeof channels;
export type ContractChannelName = keyof Channels;
export declare function isChannelName(name: unknown): name is ContractChannelName;
export declare function channelSpec<N extends ContractChannelName>(name: N): Channels[N];
/** The envelope main sends back for a channel, validated on the way out. */
export declare function channelResultSchema(name: ContractChannelName): z.ZodDiscriminatedUnion<[z.ZodObject<{
    ok: z.ZodLiteral<true>;
    value: z.ZodObject<{
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
    }, z.core.$strip> | z.ZodObject<{
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
    }, z.core.$strip> | z.ZodObject<{
        noteId: z.ZodString;
        customerId: z.ZodString;
        authorId: z.ZodString;
        authorName: z.ZodString;
        at: z.ZodISODateTime;
        text: z.ZodString;
    }, z.core.$strip> | z.ZodObject<{
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
    }, z.core.$strip> | z.ZodObject<{
        userId: z.ZodString;
        username: z.ZodString;
        displayName: z.ZodString;
        roles: z.ZodArray<z.ZodEnum<{
            agent: "agent";
            supervisor: "supervisor";
            admin: "admin";
        }>>;
        mfaEnabled: z.ZodBoolean;
    }, z.core.$strip> | z.ZodDiscriminatedUnion<[z.ZodObject<{
        status: z.ZodLiteral<"signed_out">;
    }, z.core.$strip>, z.ZodObject<{
        status: z.ZodLiteral<"active">;
        user: z.ZodObject<{
            userId: z.ZodString;
            username: z.ZodString;
            displayName: z.ZodString;
            roles: z.ZodArray<z.ZodEnum<{
                agent: "agent";
                supervisor: "supervisor";
                admin: "admin";
            }>>;
            mfaEnabled: z.ZodBoolean;
        }, z.core.$strip>;
        since: z.ZodISODateTime;
    }, z.core.$strip>, z.ZodObject<{
        status: z.ZodLiteral<"locked">;
        user: z.ZodObject<{
            userId: z.ZodString;
            username: z.ZodString;
            displayName: z.ZodString;
            roles: z.ZodArray<z.ZodEnum<{
                agent: "agent";
                supervisor: "supervisor";
                admin: "admin";
            }>>;
            mfaEnabled: z.ZodBoolean;
        }, z.core.$strip>;
        lockedAt: z.ZodISODateTime;
        reason: z.ZodEnum<{
            expired: "expired";
            idle: "idle";
            manual: "manual";
            os_lock: "os_lock";
            suspend: "suspend";
        }>;
        otpRequired: z.ZodBoolean;
    }, z.core.$strip>], "status"> | z.ZodObject<{
        events: z.ZodArray<z.ZodObject<{
            deviceId: z.ZodString;
            seq: z.ZodNumber;
            receivedAt: z.ZodISODateTime;
            event: z.ZodObject<{
                id: z.ZodUUID;
                type: z.ZodEnum<{
                    "customer.lookup": "customer.lookup";
                    "customer.view": "customer.view";
                    "customer.note.add": "customer.note.add";
                    "subscription.extend": "subscription.extend";
                    "dlp.pan_masked": "dlp.pan_masked";
                    "admin.user.change": "admin.user.change";
                    "admin.device.revoke": "admin.device.revoke";
                    "admin.policy.change": "admin.policy.change";
                    "audit.read": "audit.read";
                    "report.generate": "report.generate";
                    "auth.login": "auth.login";
                    "auth.reauth": "auth.reauth";
                    "auth.refresh": "auth.refresh";
                    "auth.logout": "auth.logout";
                    "access.denied": "access.denied";
                    "ipc.sender_rejected": "ipc.sender_rejected";
                    "auth.credential.change": "auth.credential.change";
                    "account.create": "account.create";
                    "account.delete": "account.delete";
                    "account.role.change": "account.role.change";
                    "device.enroll": "device.enroll";
                    "app.start": "app.start";
                    "app.stop": "app.stop";
                    "audit.queue.open": "audit.queue.open";
                    "audit.queue.full": "audit.queue.full";
                    "audit.sync.halted": "audit.sync.halted";
                    "audit.sync.resumed": "audit.sync.resumed";
                    "audit.integrity.failure": "audit.integrity.failure";
                    "audit.purge": "audit.purge";
                    "key.create": "key.create";
                    "key.rotate": "key.rotate";
                    "update.install": "update.install";
                    "update.check": "update.check";
                    "session.lock": "session.lock";
                    "session.unlock": "session.unlock";
                    "session.expire": "session.expire";
                    "capture.protection": "capture.protection";
                    "policy.load": "policy.load";
                    "alert.ack": "alert.ack";
                    "supervisor.view": "supervisor.view";
                    "external.open": "external.open";
                }>;
                at: z.ZodISODateTime;
                outcome: z.ZodEnum<{
                    success: "success";
                    failure: "failure";
                }>;
                reason: z.ZodNullable<z.ZodString>;
                actor: z.ZodObject<{
                    userId: z.ZodNullable<z.ZodString>;
                    username: z.ZodNullable<z.ZodString>;
                    roles: z.ZodArray<z.ZodEnum<{
                        agent: "agent";
                        supervisor: "supervisor";
                        admin: "admin";
                    }>>;
                }, z.core.$strip>;
                origin: z.ZodObject<{
                    deviceId: z.ZodString;
                    appVersion: z.ZodString;
                    host: z.ZodString;
                }, z.core.$strip>;
                target: z.ZodObject<{
                    kind: z.ZodEnum<{
                        session: "session";
                        key: "key";
                        url: "url";
                        customer: "customer";
                        order: "order";
                        card: "card";
                        subscription: "subscription";
                        note: "note";
                        account: "account";
                        device: "device";
                        "audit-log": "audit-log";
                        alert: "alert";
                        report: "report";
                        policy: "policy";
                        app: "app";
                        ipc: "ipc";
                    }>;
                    id: z.ZodNullable<z.ZodString>;
                }, z.core.$strip>;
                details: z.ZodRecord<z.ZodString, z.ZodUnion<readonly [z.ZodString, z.ZodNumber, z.ZodBoolean, z.ZodNull]>>;
            }, z.core.$strict>;
        }, z.core.$strip>>;
        nextCursor: z.ZodNullable<z.ZodString>;
    }, z.core.$strip> | z.ZodObject<{
        alertId: z.ZodString;
        kind: z.ZodEnum<{
            card_lookup_burst: "card_lookup_burst";
            failed_logins: "failed_logins";
            capture_unprotected: "capture_unprotected";
            audit_chain_break: "audit_chain_break";
            audit_quarantine: "audit_quarantine";
            sync_lag: "sync_lag";
        }>;
        severity: z.ZodEnum<{
            info: "info";
            warning: "warning";
            critical: "critical";
        }>;
        raisedAt: z.ZodISODateTime;
        userId: z.ZodNullable<z.ZodString>;
        deviceId: z.ZodNullable<z.ZodString>;
        message: z.ZodString;
        status: z.ZodEnum<{
            open: "open";
            acknowledged: "acknowledged";
        }>;
        ackedBy: z.ZodNullable<z.ZodString>;
        ackedAt: z.ZodNullable<z.ZodISODateTime>;
        ackNote: z.ZodNullable<z.ZodString>;
    }, z.core.$strip> | z.ZodArray<z.ZodObject<{
        userId: z.ZodString;
        username: z.ZodString;
        displayName: z.ZodString;
        deviceId: z.ZodNullable<z.ZodString>;
        state: z.ZodEnum<{
            active: "active";
            idle: "idle";
            locked: "locked";
            offline: "offline";
        }>;
        captureProtection: z.ZodNullable<z.ZodEnum<{
            protected: "protected";
            unsupported: "unsupported";
            off: "off";
        }>>;
        queueDepth: z.ZodNumber;
        appVersion: z.ZodNullable<z.ZodString>;
        lastSeenAt: z.ZodNullable<z.ZodISODateTime>;
        stateSince: z.ZodNullable<z.ZodISODateTime>;
    }, z.core.$strip>> | z.ZodArray<z.ZodObject<{
        alertId: z.ZodString;
        kind: z.ZodEnum<{
            card_lookup_burst: "card_lookup_burst";
            failed_logins: "failed_logins";
            capture_unprotected: "capture_unprotected";
            audit_chain_break: "audit_chain_break";
            audit_quarantine: "audit_quarantine";
            sync_lag: "sync_lag";
        }>;
        severity: z.ZodEnum<{
            info: "info";
            warning: "warning";
            critical: "critical";
        }>;
        raisedAt: z.ZodISODateTime;
        userId: z.ZodNullable<z.ZodString>;
        deviceId: z.ZodNullable<z.ZodString>;
        message: z.ZodString;
        status: z.ZodEnum<{
            open: "open";
            acknowledged: "acknowledged";
        }>;
        ackedBy: z.ZodNullable<z.ZodString>;
        ackedAt: z.ZodNullable<z.ZodISODateTime>;
        ackNote: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>> | z.ZodObject<{
        state: z.ZodEnum<{
            idle: "idle";
            offline: "offline";
            syncing: "syncing";
            retrying: "retrying";
            halted: "halted";
        }>;
        queueDepth: z.ZodNumber;
        oldestUnsyncedAgeMs: z.ZodNullable<z.ZodNumber>;
        lastSuccessAt: z.ZodNullable<z.ZodISODateTime>;
        lastError: z.ZodNullable<z.ZodObject<{
            code: z.ZodString;
            message: z.ZodString;
            at: z.ZodISODateTime;
        }, z.core.$strip>>;
    }, z.core.$strip> | z.ZodObject<{
        appVersion: z.ZodString;
        deviceId: z.ZodString;
        platform: z.ZodEnum<{
            win32: "win32";
            darwin: "darwin";
            linux: "linux";
        }>;
        server: z.ZodString;
        captureProtection: z.ZodEnum<{
            protected: "protected";
            unsupported: "unsupported";
            off: "off";
        }>;
        sensitiveViewsAllowed: z.ZodBoolean;
        policy: z.ZodObject<{
            idleLockMinutes: z.ZodNumber;
            maskReveal: z.ZodEnum<{
                last4: "last4";
                "bin+last4": "bin+last4";
            }>;
            captureProtection: z.ZodEnum<{
                require: "require";
                warn: "warn";
            }>;
            unlockRequiresOtp: z.ZodBoolean;
        }, z.core.$strip>;
        serverTime: z.ZodNullable<z.ZodISODateTime>;
    }, z.core.$strip> | z.ZodDiscriminatedUnion<[z.ZodObject<{
        format: z.ZodLiteral<"json">;
        report: z.ZodObject<{
            from: z.ZodISODateTime;
            to: z.ZodISODateTime;
            generatedAt: z.ZodISODateTime;
            rows: z.ZodArray<z.ZodObject<{
                userId: z.ZodString;
                username: z.ZodString;
                lookupsByCustomerId: z.ZodNumber;
                lookupsByOrder: z.ZodNumber;
                lookupsByCard: z.ZodNumber;
                recordsViewed: z.ZodNumber;
                notesAdded: z.ZodNumber;
                extensions: z.ZodNumber;
                failedLogins: z.ZodNumber;
                locks: z.ZodNumber;
            }, z.core.$strip>>;
        }, z.core.$strip>;
    }, z.core.$strip>, z.ZodObject<{
        format: z.ZodLiteral<"csv">;
        report: z.ZodObject<{
            from: z.ZodISODateTime;
            to: z.ZodISODateTime;
            generatedAt: z.ZodISODateTime;
            rows: z.ZodArray<z.ZodObject<{
                userId: z.ZodString;
                username: z.ZodString;
                lookupsByCustomerId: z.ZodNumber;
                lookupsByOrder: z.ZodNumber;
                lookupsByCard: z.ZodNumber;
                recordsViewed: z.ZodNumber;
                notesAdded: z.ZodNumber;
                extensions: z.ZodNumber;
                failedLogins: z.ZodNumber;
                locks: z.ZodNumber;
            }, z.core.$strip>>;
        }, z.core.$strip>;
        csv: z.ZodString;
    }, z.core.$strip>], "format"> | z.ZodObject<{}, z.core.$strict>;
}, z.core.$strip>, z.ZodObject<{
    ok: z.ZodLiteral<false>;
    error: z.ZodObject<{
        code: z.ZodEnum<{
            unauthenticated: "unauthenticated";
            forbidden: "forbidden";
            capture_unprotected: "capture_unprotected";
            conflict: "conflict";
            invalid_request: "invalid_request";
            invalid_response: "invalid_response";
            invalid_credentials: "invalid_credentials";
            mfa_required: "mfa_required";
            account_locked: "account_locked";
            session_locked: "session_locked";
            session_expired: "session_expired";
            not_found: "not_found";
            pan_in_text: "pan_in_text";
            rate_limited: "rate_limited";
            payload_too_large: "payload_too_large";
            audit_unavailable: "audit_unavailable";
            server_unreachable: "server_unreachable";
            internal: "internal";
        }>;
        message: z.ZodString;
        retryAfterSeconds: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strip>;
}, z.core.$strip>], "ok">;
