// The command line of the gateway's one-shot tools (archive, migrate,
// audit-export): strict options, --help prints the usage and exits 0, and a
// wrong command line prints the reason with the usage and exits 2, never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT_USAGE = 2;

export interface ToolArguments<O extends NonNullable<ParseArgsConfig['options']>> {
  readonly values: ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];
  /** Prints the reason and the usage, and exits 2. */
  usageError(reason: string): never;
}

export function toolArguments<O extends NonNullable<ParseArgsConfig['options']>>(tool: string, usage: string, options: O): ToolArguments<O> {
  const usageError = (reason: string): never => {
    process.stderr.write(`${tool}: ${reason}\n${usage}\n`);
    process.exit(EXIT_USAGE);
  };
  let values;
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), options: { ...options, help: { type: 'boolean', default: false } }, strict: true }));
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  if ((values as { help?: boolean }).help === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return { values, usageError };
}
