import type { z } from 'zod';
import { type Result } from '../errors.ts';
import { type Role } from '../roles.ts';
import { type Channels, type ContractChannelName } from './channels.ts';
import type { ResponseOf } from './define.ts';
export type ParsedRequest<N extends ContractChannelName> = z.output<Channels[N]['request']>;
export interface CallerSession {
    readonly roles: readonly Role[];
    readonly locked: boolean;
}
export declare function checkChannelName(name: unknown): Result<ContractChannelName>;
export declare function checkRequest<N extends ContractChannelName>(name: N, payload: unknown): Result<ParsedRequest<N>>;
export declare function checkAccess(name: ContractChannelName, session: CallerSession | null): Result<true>;
/** A service answer that does not match its declared shape is a bug in main, never passed on. */
export declare function checkResponse<N extends ContractChannelName>(name: N, value: unknown): Result<ResponseOf<Channels[N]>>;
