import type Database from 'better-sqlite3';
import type { AlertRepo } from '../store.ts';
export declare function sqliteAlertRepo(db: Database.Database): AlertRepo;
