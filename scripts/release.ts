// Entry of `npm run release`: see release/release-command.ts.
import { runReleaseCommand } from './release/release-command.ts';

const result = runReleaseCommand(process.argv.slice(2));
(result.code === 0 ? process.stdout : process.stderr).write(`${result.output}\n`);
process.exitCode = result.code;
