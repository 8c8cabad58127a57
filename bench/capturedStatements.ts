import pg from 'pg';

/** A statement as the server sent it to PostgreSQL: its text and its parameters. */
export interface Captured {
  text: string;
  values: unknown[];
}

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * The statements the server (in this process) sends while `run` runs, in order: a query hook on
 * `pg.Client`. Run one request at a time: everything sent meanwhile is captured.
 */
export async function captureStatements(run: () => Promise<void>): Promise<Captured[]> {
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  const captured: Captured[] = [];
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const [q, v] = args as [unknown, unknown];
    const text = typeof q === 'string' ? q : ((q as { text?: string } | null)?.text ?? '');
    const values = Array.isArray(v) ? v : ((q as { values?: unknown[] } | null)?.values ?? []);
    captured.push({ text, values });
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    proto.query = original;
  }
  return captured;
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
const arrayElement = (v: unknown): string =>
  v === null || v === undefined
    ? 'NULL'
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : `"${(typeof v === 'string' ? v : JSON.stringify(v)).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** A parameter as an SQL literal (the statement then runs as pgbench sends it, unprepared). */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return quote(v.toISOString());
  if (Array.isArray(v)) return quote(`{${v.map(arrayElement).join(',')}}`);
  if (typeof v === 'object') return quote(JSON.stringify(v));
  return quote(String(v));
}

/**
 * A captured statement as pgbench script text: parameters inlined, ended by `;` (or `end`). Where a
 * parameter holds one of `vars`' values (a new dossier's code or id), that part becomes the pgbench
 * expression given, outside the quotes (`('a-' || :id || '-b')`): pgbench's prepared mode turns each
 * variable into a parameter, which inside a literal would be text.
 */
export function asScript(s: Captured, end = ';', vars: Record<string, string> = {}): string {
  const keys = Object.keys(vars).filter((k) => k !== '');
  const pattern =
    keys.length > 0
      ? new RegExp(keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
      : null;
  const param = (v: unknown) => {
    const lit = literal(v);
    const replaced = pattern ? lit.replace(pattern, (k) => `' || ${vars[k]} || '`) : lit;
    return replaced === lit ? lit : `(${replaced})`;
  };
  const text = s.text.replace(/\$(\d+)/g, (_, n: string) => param(s.values[Number(n) - 1]));
  return `${text.trim()}${end}`;
}
