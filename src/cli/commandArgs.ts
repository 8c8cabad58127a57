/** What a command is given on the command line besides its name. */
export interface CommandArgs {
  force?: boolean | undefined;
  purge?: boolean | undefined;
  day?: string | undefined;
  port?: string | undefined;
  'dry-run'?: boolean | undefined;
  username?: string | undefined;
  'full-name'?: string | undefined;
  agency?: string | undefined;
  email?: string | undefined;
  report?: string | undefined;
  province?: string | undefined;
  mapping?: string | undefined;
  out?: string | undefined;
  'as-of'?: string | undefined;
  'backup-config'?: string | undefined;
  stanza?: string | undefined;
  target?: string | undefined;
  into?: string | undefined;
  keep?: boolean | undefined;
  to?: string | undefined;
  'files-copy'?: string | undefined;
  seed?: string | undefined;
  days?: string | undefined;
  'per-day'?: string | undefined;
  until?: string | undefined;
  positionals: string[];
}
