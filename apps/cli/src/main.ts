import 'reflect-metadata';
import { CommanderError } from 'commander';
import { configOrExit } from '@app/platform';
import { buildProgram } from './program';

const config = configOrExit();
buildProgram(config)
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    if (e instanceof CommanderError) {
      // Commander already printed the problem (or the help/version text).
      process.exit(e.exitCode);
    }
    // One problem a line (a refused option set may have several), each marked as an error.
    const message = e instanceof Error ? e.message : String(e);
    for (const line of message.split('\n')) process.stderr.write(`error: ${line}\n`);
    process.exit(1);
  });
