// The shared/ public surface, for code outside shared/.
export * from './api.ts';
export * from './audit.ts';
export * from './audit-chain.ts';
export * from './canonical-json.ts';
export * from './contract/agent-api.ts';
export * from './contract/channels.ts';
export * from './contract/checks.ts';
export * from './contract/define.ts';
export * from './contract/push-events.ts';
export * from './errors.ts';
export * from './pan.ts';
export * from './roles.ts';
export * from './schemas/common.ts';
export * from './schemas/customer.ts';
export * from './schemas/session.ts';
export * from './schemas/status.ts';
export * from './schemas/supervision.ts';
