import type Database from 'better-sqlite3';
import type { AuditRepo } from '../store.ts';
export declare function sqliteAuditRepo(db: Database.Database): AuditRepo;
