import type Database from 'better-sqlite3';
import type { IdentityRepo } from '../store.ts';
export declare function sqliteIdentityRepo(db: Database.Database): IdentityRepo;
