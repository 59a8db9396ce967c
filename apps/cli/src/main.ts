import 'reflect-metadata';
import { CommanderError } from 'commander';
import { configOrExit } from '@app/platform-launch';
import type * as Launcher from './launcher';
import type * as Program from './program';

const config = configOrExit();

const fail = (e: unknown) => {
  if (e instanceof CommanderError) {
    // Commander already printed the problem (or the help/version text).
    process.exit(e.exitCode);
  }
  // One problem a line (a refused option set may have several), each marked as an error.
  const message = e instanceof Error ? e.message : String(e);
  for (const line of message.split('\n')) process.stderr.write(`error: ${line}\n`);
  process.exit(1);
};

// `npm start` goes straight to the launcher: the operator commands import every feature (Nest, TypeORM,
// pdf-lib…), two seconds of CPU before the apps would even be spawned. Any other word (`start --help`
// too) goes through the full program, whose `start` command is the same launch.
/* eslint-disable @typescript-eslint/no-require-imports */
const run: () => Promise<unknown> =
  process.argv.length === 3 && process.argv[2] === 'start'
    ? () => (require('./launcher') as typeof Launcher).launch(config)
    : () => (require('./program') as typeof Program).buildProgram(config).parseAsync(process.argv);
/* eslint-enable @typescript-eslint/no-require-imports */
Promise.resolve().then(run).catch(fail);
