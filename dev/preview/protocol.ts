// The messages between the browser stand-in for the preload and the bridge.
import { z } from 'zod';

export const BridgeRequestSchema = z.object({ id: z.number().int(), channel: z.string().max(64), payload: z.unknown() });
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

export type BridgeMessage =
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'push'; readonly event: string; readonly payload: unknown };
