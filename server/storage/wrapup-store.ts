// The store's side of wrap-up (issue 24): admin-managed disposition codes and
// note templates, and one row per customer contact an agent ended. Times are epoch ms.
import type { Audited } from '../core/audit-port.ts';
import type { RecordOf } from './store.ts';

export interface StoredWrapupCode {
  readonly code: string;
  readonly label: string;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly retiredAt: number | null;
}

export interface StoredNoteTemplate {
  readonly templateId: string;
  readonly title: string;
  readonly body: string;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly retiredAt: number | null;
}

export interface StoredWrapup {
  readonly wrapupId: string;
  readonly customerId: string;
  readonly code: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly at: number;
  readonly noteId: string | null;
}

/** What a change to a list decided: done (with the entry as it now is), or why not. */
export type ListChange<T> = { readonly done: T } | { readonly refused: 'exists' | 'unknown' | 'retired' };

/** Why a wrap-up was not stored, or that it was. */
export type WrapupOutcome = 'recorded' | 'unknown_code' | 'retired_code';

export interface WrapupCount {
  readonly agentId: string;
  readonly agentName: string;
  readonly code: string;
  readonly count: number;
}

export interface WrapupRepo {
  /** Every code, retired ones too, by code. */
  codes(): Promise<StoredWrapupCode[]>;
  createCode(code: Omit<StoredWrapupCode, 'retiredAt'>, record: RecordOf<ListChange<StoredWrapupCode>>): Promise<Audited<ListChange<StoredWrapupCode>>>;
  /** Retires a code under its lock, so a wrap-up using it at the same moment is stored before or refused after. */
  retireCode(code: string, at: number, record: RecordOf<ListChange<StoredWrapupCode>>): Promise<Audited<ListChange<StoredWrapupCode>>>;
  /** Every template, retired ones too, oldest first. */
  templates(): Promise<StoredNoteTemplate[]>;
  createTemplate(template: Omit<StoredNoteTemplate, 'retiredAt'>, record: RecordOf<ListChange<StoredNoteTemplate>>): Promise<Audited<ListChange<StoredNoteTemplate>>>;
  retireTemplate(templateId: string, at: number, record: RecordOf<ListChange<StoredNoteTemplate>>): Promise<Audited<ListChange<StoredNoteTemplate>>>;
  /** Stores the wrap-up with its audit record when its code exists and is in force, checked under the code's lock. */
  record(wrapup: StoredWrapup, record: RecordOf<WrapupOutcome>): Promise<Audited<WrapupOutcome>>;
  /** Wrap-ups per agent and code in [from, to]. */
  counts(range: { from: number; to: number }): Promise<WrapupCount[]>;
}
