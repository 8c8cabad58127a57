import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * PostgreSQL spends more time planning motcua's statements than running them: measured with
 * pg_stat_statements over 1,000 intakes, 2.1 ms of planning and 1.7 ms of execution per intake
 * (BENCHMARKS.md, issue 24). A statement prepared once per connection is parsed once, and after
 * five runs PostgreSQL keeps a generic plan where it is as good as a fresh one.
 *
 * Every statement with parameters is sent as a named, prepared statement on the pooled connection
 * it runs on (node-postgres remembers which names each connection has prepared), except:
 * - one whose rows have the shape of a whole table (`select *`, `"d".*`, `returning *`): after a
 *   migration adds a column (a rolling upgrade, the other nodes still running), PostgreSQL refuses
 *   to run such a prepared statement ("cached plan must not change result type");
 * - beyond `maxNamed` different texts (statements built with a varying number of parameters),
 *   which are sent unnamed as before, so that no connection holds an unbounded number of plans.
 * Should a prepared statement still be refused for a changed result type, its text gets a new name
 * and is prepared afresh on its next run.
 */
const maxNamed = 2000;
const wholeRow = /(?:^|[\s,.])\*(?:[\s,)]|$)/;
const resultTypeChanged = 'cached plan must not change result type';

export function prepareStatements(pool: pg.Pool): void {
  const names = new Map<string, string>();
  let renamed = 0;
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= maxNamed || wholeRow.test(text)) return known;
    const name = `m_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    names.set(text, name);
    return name;
  };
  pool.on('connect', (client) => {
    // The class's own query, looked up at each call (a benchmark's statement capture hooks it).
    const query = (...args: unknown[]) =>
      (Object.getPrototypeOf(client) as { query: (...a: unknown[]) => unknown }).query.apply(client, args);
    const prepared = async (text: string, values: unknown[], name: string) => {
      try {
        return await (query({ name, text, values }) as Promise<pg.QueryResult>);
      } catch (e) {
        if (e instanceof Error && e.message.includes(resultTypeChanged) && names.get(text) === name)
          names.set(text, `${name}_${++renamed}`);
        throw e;
      }
    };
    // Kysely calls query(text, values) and awaits the promise; any other call passes through as is.
    client.query = ((...args: unknown[]) => {
      const [text, values] = args;
      const name =
        args.length === 2 && typeof text === 'string' && Array.isArray(values) && values.length > 0
          ? nameOf(text)
          : undefined;
      return name === undefined ? query(...args) : prepared(text as string, values as unknown[], name);
    }) as typeof client.query;
  });
}
