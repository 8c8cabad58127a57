import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** The tables a migration run leaves rows in, parents first. */
const written = [
  'migration_run',
  'dossier',
  'dossier_action',
  'migrated_dossier',
  'portal_sync',
  'dossier_indicator',
  'indicator_change',
  'dossier_result',
  'warehouse_item',
  'dossier_document',
];

/**
 * The database's own ceiling for an import: the rows the import left in `importedUrl`, dumped
 * (untimed), then stored with COPY — PostgreSQL's bulk path, one backend, one transaction — into
 * `emptyUrl`, a copy of the same database taken before the import (same schema, indexes, triggers,
 * foreign keys, reference data). Answers the seconds of the COPY and the rows per table.
 */
export async function importCeiling(
  importedUrl: string,
  emptyUrl: string,
  dir: string,
): Promise<{ seconds: number; rows: Record<string, number> }> {
  const from = new pg.Client({ connectionString: importedUrl });
  await from.connect();
  const rows: Record<string, number> = {};
  try {
    for (const t of written) {
      const out = from.query(copyTo(`COPY ${t} TO STDOUT`));
      await pipeline(out, createWriteStream(join(dir, `${t}.copy`)));
      rows[t] = out.rowCount;
    }
  } finally {
    await from.end();
  }
  const into = new pg.Client({ connectionString: emptyUrl });
  await into.connect();
  try {
    const t = performance.now();
    await into.query('BEGIN');
    for (const table of written)
      await pipeline(
        createReadStream(join(dir, `${table}.copy`)),
        into.query(copyFrom(`COPY ${table} FROM STDIN`)),
      );
    await into.query('COMMIT');
    return { seconds: (performance.now() - t) / 1000, rows };
  } finally {
    await into.end();
  }
}
