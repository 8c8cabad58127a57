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
 * A captured statement as pgbench script text: parameters inlined, ended by `;` (or `end`).
 * pgbench's prepared mode takes every `:name` as a variable, even inside quotes, so a literal that
 * holds a colon (a time, an `account:` key) is written as a Unicode-escaped literal (`U&'…\003A…'`,
 * the same value). Where a parameter is or holds one of `vars`' values (a new dossier's code or id),
 * that part becomes the pgbench expression given, outside the quotes.
 */
export function asScript(s: Captured, end = ';', vars: Record<string, string> = {}): string {
  const keys = Object.keys(vars).filter((k) => k !== '');
  const pattern =
    keys.length > 0
      ? new RegExp(keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
      : null;
  const param = (v: unknown) => {
    const lit = literal(v);
    if (!lit.startsWith("'")) return lit;
    // A parameter that is the value itself becomes the bare expression, so that its type is inferred.
    if (Object.hasOwn(vars, lit.slice(1, -1))) return `(${vars[lit.slice(1, -1)]})`;
    const inner = lit.slice(1, -1).replaceAll('\\', '\\\\').replaceAll(':', '\\003A');
    const replaced = pattern ? inner.replace(pattern, (k) => `' || ${vars[k]} || U&'`) : inner;
    const text = replaced === inner && !inner.includes('\\') ? lit : `U&'${replaced}'`;
    return replaced === inner ? text : `(${text})`;
  };
  const text = s.text.replace(/\$(\d+)/g, (_, n: string) => param(s.values[Number(n) - 1]));
  return `${text.trim()}${end}`;
}
