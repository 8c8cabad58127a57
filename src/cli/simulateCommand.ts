import type { Config } from '../config.js';
import { simulate } from '../integrations/simulate.js';
import type { CommandArgs } from './commandArgs.js';

/** `motcua simulate <system>|all [--port N] [--out FILE]`: simulated external systems on their own. */
export function simulateCommand(_config: Config, args: CommandArgs): Promise<void> {
  return simulate(
    args.positionals[1] ?? '',
    args.port === undefined ? undefined : Number(args.port),
    args.out,
  );
}
