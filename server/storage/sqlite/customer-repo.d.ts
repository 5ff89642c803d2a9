import type Database from 'better-sqlite3';
import type { CustomerRepo } from '../store.ts';
export declare function sqliteCustomerRepo(db: Database.Database): CustomerRepo;
