import Database from 'better-sqlite3';
import type { GatewayStore } from '../store.ts';
export declare const DATABASE_FILE = "gateway.sqlite";
export declare function openSqliteStore(dataDir: string): GatewayStore & {
    readonly db: Database.Database;
};
