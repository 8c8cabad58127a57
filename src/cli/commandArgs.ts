/** What a command is given on the command line besides its name. */
export interface CommandArgs {
  force?: boolean | undefined;
  purge?: boolean | undefined;
  day?: string | undefined;
  port?: string | undefined;
  positionals: string[];
}
