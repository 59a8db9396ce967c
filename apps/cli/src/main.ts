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
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
