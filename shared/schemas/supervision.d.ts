import { z } from 'zod';
export declare const PresenceStateSchema: z.ZodEnum<{
    active: "active";
    idle: "idle";
    locked: "locked";
    offline: "offline";
}>;
export type PresenceState = z.infer<typeof PresenceStateSchema>;
/** `unsupported`: the OS cannot keep the window out of screen captures (Linux). */
export declare const CaptureProtectionSchema: z.ZodEnum<{
    protected: "protected";
    unsupported: "unsupported";
    off: "off";
}>;
export type CaptureProtection = z.infer<typeof CaptureProtectionSchema>;
export declare const AgentPresenceSchema: z.ZodObject<{
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
export type AgentPresence = z.infer<typeof AgentPresenceSchema>;
/** An audit event as the server stored it. */
export declare const StoredAuditEventSchema: z.ZodObject<{
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
export type StoredAuditEvent = z.infer<typeof StoredAuditEventSchema>;
export declare const AuditSearchQuerySchema: z.ZodObject<{
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
export type AuditSearchQuery = z.infer<typeof AuditSearchQuerySchema>;
export declare const AuditSearchResultSchema: z.ZodObject<{
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
export declare const ALERT_KINDS: readonly ["card_lookup_burst", "failed_logins", "capture_unprotected", "audit_chain_break", "audit_quarantine", "sync_lag"];
export declare const AlertSchema: z.ZodObject<{
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
export type Alert = z.infer<typeof AlertSchema>;
export declare const AlertListQuerySchema: z.ZodObject<{
    status: z.ZodDefault<z.ZodEnum<{
        open: "open";
        acknowledged: "acknowledged";
        all: "all";
    }>>;
}, z.core.$strip>;
export declare const AckAlertRequestSchema: z.ZodObject<{
    alertId: z.ZodString;
    note: z.ZodString;
}, z.core.$strip>;
export declare const ActivityReportQuerySchema: z.ZodObject<{
    from: z.ZodISODateTime;
    to: z.ZodISODateTime;
    userId: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
/** The report route's query string: the range plus the output format. */
export declare const ActivityReportRouteQuerySchema: z.ZodObject<{
    from: z.ZodISODateTime;
    to: z.ZodISODateTime;
    userId: z.ZodOptional<z.ZodString>;
    format: z.ZodDefault<z.ZodEnum<{
        json: "json";
        csv: "csv";
    }>>;
}, z.core.$strip>;
export declare const ActivityReportRowSchema: z.ZodObject<{
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
}, z.core.$strip>;
export type ActivityReportRow = z.infer<typeof ActivityReportRowSchema>;
export declare const ActivityReportSchema: z.ZodObject<{
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
export type ActivityReport = z.infer<typeof ActivityReportSchema>;
