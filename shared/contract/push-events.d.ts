export declare const pushEvents: Readonly<{
    readonly 'session.changed': {
        readonly payload: import("zod").ZodDiscriminatedUnion<[import("zod").ZodObject<{
            status: import("zod").ZodLiteral<"signed_out">;
        }, import("zod/v4/core").$strip>, import("zod").ZodObject<{
            status: import("zod").ZodLiteral<"active">;
            user: import("zod").ZodObject<{
                userId: import("zod").ZodString;
                username: import("zod").ZodString;
                displayName: import("zod").ZodString;
                roles: import("zod").ZodArray<import("zod").ZodEnum<{
                    agent: "agent";
                    supervisor: "supervisor";
                    admin: "admin";
                }>>;
                mfaEnabled: import("zod").ZodBoolean;
            }, import("zod/v4/core").$strip>;
            since: import("zod").ZodISODateTime;
        }, import("zod/v4/core").$strip>, import("zod").ZodObject<{
            status: import("zod").ZodLiteral<"locked">;
            user: import("zod").ZodObject<{
                userId: import("zod").ZodString;
                username: import("zod").ZodString;
                displayName: import("zod").ZodString;
                roles: import("zod").ZodArray<import("zod").ZodEnum<{
                    agent: "agent";
                    supervisor: "supervisor";
                    admin: "admin";
                }>>;
                mfaEnabled: import("zod").ZodBoolean;
            }, import("zod/v4/core").$strip>;
            lockedAt: import("zod").ZodISODateTime;
            reason: import("zod").ZodEnum<{
                expired: "expired";
                idle: "idle";
                manual: "manual";
                os_lock: "os_lock";
                suspend: "suspend";
            }>;
            otpRequired: import("zod").ZodBoolean;
        }, import("zod/v4/core").$strip>], "status">;
        readonly audience: "public";
    };
    readonly 'sync.status': {
        readonly payload: import("zod").ZodObject<{
            state: import("zod").ZodEnum<{
                idle: "idle";
                offline: "offline";
                syncing: "syncing";
                retrying: "retrying";
                halted: "halted";
            }>;
            queueDepth: import("zod").ZodNumber;
            oldestUnsyncedAgeMs: import("zod").ZodNullable<import("zod").ZodNumber>;
            lastSuccessAt: import("zod").ZodNullable<import("zod").ZodISODateTime>;
            lastError: import("zod").ZodNullable<import("zod").ZodObject<{
                code: import("zod").ZodString;
                message: import("zod").ZodString;
                at: import("zod").ZodISODateTime;
            }, import("zod/v4/core").$strip>>;
        }, import("zod/v4/core").$strip>;
        readonly audience: "session";
    };
    readonly 'app.status': {
        readonly payload: import("zod").ZodObject<{
            appVersion: import("zod").ZodString;
            deviceId: import("zod").ZodString;
            platform: import("zod").ZodEnum<{
                win32: "win32";
                darwin: "darwin";
                linux: "linux";
            }>;
            server: import("zod").ZodString;
            captureProtection: import("zod").ZodEnum<{
                protected: "protected";
                unsupported: "unsupported";
                off: "off";
            }>;
            sensitiveViewsAllowed: import("zod").ZodBoolean;
            policy: import("zod").ZodObject<{
                idleLockMinutes: import("zod").ZodNumber;
                maskReveal: import("zod").ZodEnum<{
                    last4: "last4";
                    "bin+last4": "bin+last4";
                }>;
                captureProtection: import("zod").ZodEnum<{
                    require: "require";
                    warn: "warn";
                }>;
                unlockRequiresOtp: import("zod").ZodBoolean;
            }, import("zod/v4/core").$strip>;
            serverTime: import("zod").ZodNullable<import("zod").ZodISODateTime>;
        }, import("zod/v4/core").$strip>;
        readonly audience: "public";
    };
    readonly 'idle.countdown': {
        readonly payload: import("zod").ZodObject<{
            secondsLeft: import("zod").ZodNumber;
        }, import("zod/v4/core").$strip>;
        readonly audience: "session";
    };
    readonly 'supervisor.presence': {
        readonly payload: import("zod").ZodObject<{
            userId: import("zod").ZodString;
            username: import("zod").ZodString;
            displayName: import("zod").ZodString;
            deviceId: import("zod").ZodNullable<import("zod").ZodString>;
            state: import("zod").ZodEnum<{
                active: "active";
                idle: "idle";
                locked: "locked";
                offline: "offline";
            }>;
            captureProtection: import("zod").ZodNullable<import("zod").ZodEnum<{
                protected: "protected";
                unsupported: "unsupported";
                off: "off";
            }>>;
            queueDepth: import("zod").ZodNumber;
            appVersion: import("zod").ZodNullable<import("zod").ZodString>;
            lastSeenAt: import("zod").ZodNullable<import("zod").ZodISODateTime>;
            stateSince: import("zod").ZodNullable<import("zod").ZodISODateTime>;
        }, import("zod/v4/core").$strip>;
        readonly audience: "supervisor.monitor";
    };
    readonly 'supervisor.audit': {
        readonly payload: import("zod").ZodObject<{
            deviceId: import("zod").ZodString;
            seq: import("zod").ZodNumber;
            receivedAt: import("zod").ZodISODateTime;
            event: import("zod").ZodObject<{
                id: import("zod").ZodUUID;
                type: import("zod").ZodEnum<{
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
                at: import("zod").ZodISODateTime;
                outcome: import("zod").ZodEnum<{
                    success: "success";
                    failure: "failure";
                }>;
                reason: import("zod").ZodNullable<import("zod").ZodString>;
                actor: import("zod").ZodObject<{
                    userId: import("zod").ZodNullable<import("zod").ZodString>;
                    username: import("zod").ZodNullable<import("zod").ZodString>;
                    roles: import("zod").ZodArray<import("zod").ZodEnum<{
                        agent: "agent";
                        supervisor: "supervisor";
                        admin: "admin";
                    }>>;
                }, import("zod/v4/core").$strip>;
                origin: import("zod").ZodObject<{
                    deviceId: import("zod").ZodString;
                    appVersion: import("zod").ZodString;
                    host: import("zod").ZodString;
                }, import("zod/v4/core").$strip>;
                target: import("zod").ZodObject<{
                    kind: import("zod").ZodEnum<{
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
                    id: import("zod").ZodNullable<import("zod").ZodString>;
                }, import("zod/v4/core").$strip>;
                details: import("zod").ZodRecord<import("zod").ZodString, import("zod").ZodUnion<readonly [import("zod").ZodString, import("zod").ZodNumber, import("zod").ZodBoolean, import("zod").ZodNull]>>;
            }, import("zod/v4/core").$strict>;
        }, import("zod/v4/core").$strip>;
        readonly audience: "supervisor.auditRead";
    };
    readonly 'supervisor.alert': {
        readonly payload: import("zod").ZodObject<{
            alertId: import("zod").ZodString;
            kind: import("zod").ZodEnum<{
                card_lookup_burst: "card_lookup_burst";
                failed_logins: "failed_logins";
                capture_unprotected: "capture_unprotected";
                audit_chain_break: "audit_chain_break";
                audit_quarantine: "audit_quarantine";
                sync_lag: "sync_lag";
            }>;
            severity: import("zod").ZodEnum<{
                info: "info";
                warning: "warning";
                critical: "critical";
            }>;
            raisedAt: import("zod").ZodISODateTime;
            userId: import("zod").ZodNullable<import("zod").ZodString>;
            deviceId: import("zod").ZodNullable<import("zod").ZodString>;
            message: import("zod").ZodString;
            status: import("zod").ZodEnum<{
                open: "open";
                acknowledged: "acknowledged";
            }>;
            ackedBy: import("zod").ZodNullable<import("zod").ZodString>;
            ackedAt: import("zod").ZodNullable<import("zod").ZodISODateTime>;
            ackNote: import("zod").ZodNullable<import("zod").ZodString>;
        }, import("zod/v4/core").$strip>;
        readonly audience: "supervisor.monitor";
    };
}>;
export type PushEvents = typeof pushEvents;
export type PushEventName = keyof PushEvents;
export declare function isPushEventName(name: unknown): name is PushEventName;
