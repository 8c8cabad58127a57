import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { checkSource, type SourceCheck } from '../../domain/migration/checkSource.js';
import { readExport, type FileProblem } from './readExport.js';

export interface ExportCheck {
  /** Files that could not be read as the layout says: when any, nothing may be imported. */
  problems: FileProblem[];
  check: SourceCheck;
  /** The ids of history rows naming a dossier the export does not hold. */
  orphanHistoryIds: string[];
  attachments: { referenced: number; missing: string[] };
}

/**
 * The dry run of `migrate-in check`: reads an export folder (the CSV files and `files/`, the
 * attachment store at the paths the rows name), checks every row, writes nothing.
 */
export async function checkExport(dir: string, opts: { asOf: string }): Promise<ExportCheck> {
  const { tables, problems } = await readExport(dir);
  const check = checkSource(tables, opts.asOf);
  const missing: string[] = [];
  for (const path of check.attachments) {
    try {
      await access(join(dir, 'files', path));
    } catch {
      missing.push(path);
    }
  }
  return {
    problems,
    check,
    orphanHistoryIds: check.refused.filter((r) => r.reason === 'orphan_history').map((r) => r.key),
    attachments: { referenced: check.attachments.length, missing },
  };
}
