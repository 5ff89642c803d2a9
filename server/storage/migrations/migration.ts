// One versioned schema change, written once per engine as plain statements.
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Run in order inside one transaction; each entry is a single statement. */
  readonly sqlite: readonly string[];
  readonly postgres: readonly string[];
}
