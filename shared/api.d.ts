import { z } from 'zod';
import type { AccessRule } from './roles.ts';
export declare const DeviceIdSchema: z.ZodString;
/** Ed25519 public key, raw 32 bytes, base64url without padding. */
export declare const Ed25519PublicKeySchema: z.ZodString;
export declare const Ed25519SignatureSchema: z.ZodString;
export declare const DeviceInfoSchema: z.ZodObject<{
    deviceId: z.ZodString;
    publicKey: z.ZodString;
    appVersion: z.ZodString;
}, z.core.$strip>;
export declare const ApiLoginRequestSchema: z.ZodObject<{
    username: z.ZodString;
    password: z.ZodString;
    otp: z.ZodOptional<z.ZodString>;
    device: z.ZodObject<{
        deviceId: z.ZodString;
        publicKey: z.ZodString;
        appVersion: z.ZodString;
    }, z.core.$strip>;
}, z.core.$strip>;
export declare const TokenPairSchema: z.ZodObject<{
    accessToken: z.ZodString;
    accessTokenExpiresAt: z.ZodISODateTime;
    refreshToken: z.ZodString;
    refreshTokenExpiresAt: z.ZodISODateTime;
}, z.core.$strip>;
export type TokenPair = z.infer<typeof TokenPairSchema>;
export declare const SessionGrantSchema: z.ZodObject<{
    tokens: z.ZodObject<{
        accessToken: z.ZodString;
        accessTokenExpiresAt: z.ZodISODateTime;
        refreshToken: z.ZodString;
        refreshTokenExpiresAt: z.ZodISODateTime;
    }, z.core.$strip>;
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
}, z.core.$strip>;
export type SessionGrant = z.infer<typeof SessionGrantSchema>;
export declare const RefreshRequestSchema: z.ZodObject<{
    refreshToken: z.ZodString;
    deviceId: z.ZodString;
}, z.core.$strip>;
/**
 * Unlock: main dropped the access token when it locked, so the proof is the
 * refresh token from the keychain plus the password (and code where required).
 */
export declare const ReauthRequestSchema: z.ZodObject<{
    password: z.ZodString;
    otp: z.ZodOptional<z.ZodString>;
    refreshToken: z.ZodString;
    deviceId: z.ZodString;
}, z.core.$strip>;
/** Possession of the refresh token is enough to end its session, also from the lock screen. */
export declare const LogoutRequestSchema: z.ZodObject<{
    refreshToken: z.ZodString;
}, z.core.$strip>;
export declare const NoContentSchema: z.ZodObject<{}, z.core.$strict>;
export declare const CustomerParamsSchema: z.ZodObject<{
    customerId: z.ZodString;
}, z.core.$strip>;
export declare const SubscriptionParamsSchema: z.ZodObject<{
    customerId: z.ZodString;
    subscriptionId: z.ZodString;
}, z.core.$strip>;
export declare const AlertParamsSchema: z.ZodObject<{
    alertId: z.ZodString;
}, z.core.$strip>;
export declare const AUDIT_BATCH_MAX_EVENTS = 500;
export declare const AuditBatchEntrySchema: z.ZodObject<{
    seq: z.ZodNumber;
    prevHash: z.ZodString;
    hash: z.ZodString;
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
}, z.core.$strip>;
export type AuditBatchEntry = z.infer<typeof AuditBatchEntrySchema>;
export declare const AuditBatchSchema: z.ZodObject<{
    deviceId: z.ZodString;
    batchId: z.ZodUUID;
    entries: z.ZodArray<z.ZodObject<{
        seq: z.ZodNumber;
        prevHash: z.ZodString;
        hash: z.ZodString;
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
    signature: z.ZodString;
}, z.core.$strip>;
export type AuditBatch = z.infer<typeof AuditBatchSchema>;
export declare const AuditAckSchema: z.ZodObject<{
    batchId: z.ZodUUID;
    ackedThroughSeq: z.ZodNumber;
}, z.core.$strip>;
export type AuditAck = z.infer<typeof AuditAckSchema>;
/** The 409 body: why the server refused the chain. Sync halts on it. */
export declare const AUDIT_REJECT_REASONS: readonly ["gap", "hash_mismatch", "bad_signature", "unknown_device", "prev_hash_mismatch"];
export declare const AuditRejectSchema: z.ZodObject<{
    error: z.ZodObject<{
        code: z.ZodLiteral<"conflict">;
        message: z.ZodString;
    }, z.core.$strip>;
    reason: z.ZodEnum<{
        gap: "gap";
        hash_mismatch: "hash_mismatch";
        bad_signature: "bad_signature";
        unknown_device: "unknown_device";
        prev_hash_mismatch: "prev_hash_mismatch";
    }>;
    expectedSeq: z.ZodNumber;
}, z.core.$strip>;
export declare const HeartbeatSchema: z.ZodObject<{
    deviceId: z.ZodString;
    state: z.ZodEnum<{
        active: "active";
        idle: "idle";
        locked: "locked";
    }>;
    captureProtection: z.ZodEnum<{
        protected: "protected";
        unsupported: "unsupported";
        off: "off";
    }>;
    queueDepth: z.ZodNumber;
    oldestUnsyncedAgeMs: z.ZodNullable<z.ZodNumber>;
    appVersion: z.ZodString;
}, z.core.$strip>;
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
export declare const HeartbeatAckSchema: z.ZodObject<{
    serverTime: z.ZodISODateTime;
    nextHeartbeatSeconds: z.ZodNumber;
}, z.core.$strip>;
/** Server-sent events on /v1/supervisor/stream: the SSE `event:` field is `type`. */
export declare const SupervisorStreamEventSchema: z.ZodDiscriminatedUnion<[z.ZodObject<{
    type: z.ZodLiteral<"presence">;
    data: z.ZodObject<{
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
    }, z.core.$strip>;
}, z.core.$strip>, z.ZodObject<{
    type: z.ZodLiteral<"audit">;
    data: z.ZodObject<{
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
    }, z.core.$strip>;
}, z.core.$strip>, z.ZodObject<{
    type: z.ZodLiteral<"alert">;
    data: z.ZodObject<{
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
}, z.core.$strip>], "type">;
export type SupervisorStreamEvent = z.infer<typeof SupervisorStreamEventSchema>;
export declare const HealthSchema: z.ZodObject<{
    status: z.ZodLiteral<"ok">;
    version: z.ZodString;
    time: z.ZodISODateTime;
}, z.core.$strip>;
export interface RouteSpec {
    readonly method: 'GET' | 'POST';
    /** Fastify-style path with `:param` segments. */
    readonly path: `/${string}`;
    readonly access: AccessRule;
    readonly params?: z.ZodType;
    readonly query?: z.ZodType;
    readonly body?: z.ZodType;
    /** The 2xx body; `text/event-stream` and CSV routes describe their JSON form. */
    readonly response: z.ZodType;
}
export declare const routes: Readonly<{
    readonly health: {
        readonly method: "GET";
        readonly path: "/health";
        readonly access: "public";
        readonly response: z.ZodObject<{
            status: z.ZodLiteral<"ok">;
            version: z.ZodString;
            time: z.ZodISODateTime;
        }, z.core.$strip>;
    };
    readonly login: {
        readonly method: "POST";
        readonly path: "/v1/auth/login";
        readonly access: "public";
        readonly body: z.ZodObject<{
            username: z.ZodString;
            password: z.ZodString;
            otp: z.ZodOptional<z.ZodString>;
            device: z.ZodObject<{
                deviceId: z.ZodString;
                publicKey: z.ZodString;
                appVersion: z.ZodString;
            }, z.core.$strip>;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
            tokens: z.ZodObject<{
                accessToken: z.ZodString;
                accessTokenExpiresAt: z.ZodISODateTime;
                refreshToken: z.ZodString;
                refreshTokenExpiresAt: z.ZodISODateTime;
            }, z.core.$strip>;
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
        }, z.core.$strip>;
    };
    readonly refresh: {
        readonly method: "POST";
        readonly path: "/v1/auth/refresh";
        readonly access: "public";
        readonly body: z.ZodObject<{
            refreshToken: z.ZodString;
            deviceId: z.ZodString;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
            tokens: z.ZodObject<{
                accessToken: z.ZodString;
                accessTokenExpiresAt: z.ZodISODateTime;
                refreshToken: z.ZodString;
                refreshTokenExpiresAt: z.ZodISODateTime;
            }, z.core.$strip>;
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
        }, z.core.$strip>;
    };
    readonly reauth: {
        readonly method: "POST";
        readonly path: "/v1/auth/reauth";
        readonly access: "public";
        readonly body: z.ZodObject<{
            password: z.ZodString;
            otp: z.ZodOptional<z.ZodString>;
            refreshToken: z.ZodString;
            deviceId: z.ZodString;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
            tokens: z.ZodObject<{
                accessToken: z.ZodString;
                accessTokenExpiresAt: z.ZodISODateTime;
                refreshToken: z.ZodString;
                refreshTokenExpiresAt: z.ZodISODateTime;
            }, z.core.$strip>;
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
        }, z.core.$strip>;
    };
    readonly logout: {
        readonly method: "POST";
        readonly path: "/v1/auth/logout";
        readonly access: "public";
        readonly body: z.ZodObject<{
            refreshToken: z.ZodString;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{}, z.core.$strict>;
    };
    readonly lookup: {
        readonly method: "POST";
        readonly path: "/v1/customers/lookup";
        readonly access: "customers.lookup";
        readonly body: z.ZodDiscriminatedUnion<[z.ZodObject<{
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
    };
    readonly customer: {
        readonly method: "GET";
        readonly path: "/v1/customers/:customerId";
        readonly access: "customers.read";
        readonly params: z.ZodObject<{
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
    };
    readonly addNote: {
        readonly method: "POST";
        readonly path: "/v1/customers/:customerId/notes";
        readonly access: "notes.write";
        readonly params: z.ZodObject<{
            customerId: z.ZodString;
        }, z.core.$strip>;
        readonly body: z.ZodObject<{
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
    };
    readonly extendSubscription: {
        readonly method: "POST";
        readonly path: "/v1/customers/:customerId/subscriptions/:subscriptionId/extend";
        readonly access: "subscriptions.extend";
        readonly params: z.ZodObject<{
            customerId: z.ZodString;
            subscriptionId: z.ZodString;
        }, z.core.$strip>;
        readonly body: z.ZodObject<{
            reason: z.ZodString;
            days: z.ZodNumber;
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
    };
    readonly auditBatches: {
        readonly method: "POST";
        readonly path: "/v1/audit/batches";
        readonly access: "session";
        readonly body: z.ZodObject<{
            deviceId: z.ZodString;
            batchId: z.ZodUUID;
            entries: z.ZodArray<z.ZodObject<{
                seq: z.ZodNumber;
                prevHash: z.ZodString;
                hash: z.ZodString;
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
            signature: z.ZodString;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
            batchId: z.ZodUUID;
            ackedThroughSeq: z.ZodNumber;
        }, z.core.$strip>;
    };
    readonly heartbeat: {
        readonly method: "POST";
        readonly path: "/v1/presence/heartbeat";
        readonly access: "session";
        readonly body: z.ZodObject<{
            deviceId: z.ZodString;
            state: z.ZodEnum<{
                active: "active";
                idle: "idle";
                locked: "locked";
            }>;
            captureProtection: z.ZodEnum<{
                protected: "protected";
                unsupported: "unsupported";
                off: "off";
            }>;
            queueDepth: z.ZodNumber;
            oldestUnsyncedAgeMs: z.ZodNullable<z.ZodNumber>;
            appVersion: z.ZodString;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
            serverTime: z.ZodISODateTime;
            nextHeartbeatSeconds: z.ZodNumber;
        }, z.core.$strip>;
    };
    readonly agents: {
        readonly method: "GET";
        readonly path: "/v1/supervisor/agents";
        readonly access: "supervisor.monitor";
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
    };
    readonly auditSearch: {
        readonly method: "GET";
        readonly path: "/v1/supervisor/audit";
        readonly access: "supervisor.auditRead";
        readonly query: z.ZodObject<{
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
    };
    readonly alerts: {
        readonly method: "GET";
        readonly path: "/v1/supervisor/alerts";
        readonly access: "supervisor.monitor";
        readonly query: z.ZodObject<{
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
    };
    readonly ackAlert: {
        readonly method: "POST";
        readonly path: "/v1/supervisor/alerts/:alertId/ack";
        readonly access: "supervisor.alertsAck";
        readonly params: z.ZodObject<{
            alertId: z.ZodString;
        }, z.core.$strip>;
        readonly body: z.ZodObject<{
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
    };
    readonly activityReport: {
        readonly method: "GET";
        readonly path: "/v1/supervisor/reports/activity";
        readonly access: "supervisor.reports";
        readonly query: z.ZodObject<{
            from: z.ZodISODateTime;
            to: z.ZodISODateTime;
            userId: z.ZodOptional<z.ZodString>;
            format: z.ZodDefault<z.ZodEnum<{
                json: "json";
                csv: "csv";
            }>>;
        }, z.core.$strip>;
        readonly response: z.ZodObject<{
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
    };
    readonly supervisorStream: {
        readonly method: "GET";
        readonly path: "/v1/supervisor/stream";
        readonly access: "supervisor.monitor";
        readonly response: z.ZodDiscriminatedUnion<[z.ZodObject<{
            type: z.ZodLiteral<"presence">;
            data: z.ZodObject<{
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
            }, z.core.$strip>;
        }, z.core.$strip>, z.ZodObject<{
            type: z.ZodLiteral<"audit">;
            data: z.ZodObject<{
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
            }, z.core.$strip>;
        }, z.core.$strip>, z.ZodObject<{
            type: z.ZodLiteral<"alert">;
            data: z.ZodObject<{
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
        }, z.core.$strip>], "type">;
    };
}>;
export type Routes = typeof routes;
export type RouteName = keyof Routes;
