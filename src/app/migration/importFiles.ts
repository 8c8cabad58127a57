import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename, join, normalize, sep } from 'node:path';
import { sql } from 'kysely';
import { acceptedType, acceptedTypes } from '../../domain/documents/document.js';
import { isBlank, isResultKind, pathList, valueOf } from '../../domain/migration/sourceValues.js';
import { vi } from '../../domain/i18n/vi.js';
import type { SourceRow } from '../../domain/migration/checkSource.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { sourceInstant } from '../../domain/migration/importedDossier.js';
import type { FileStore } from '../files/fileStore.js';
import type { Tx } from '../context.js';
import { countDossiers } from '../reports/countIndicators.js';

/** The largest attachment taken in (the upload limit's order of magnitude). */
const maxBytes = 100 * 2 ** 20;

export interface KeptFile {
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
}

/**
 * Keeps an attachment of the export (`files/` at the path a row names) in the content-addressed
 * store, like any upload: null when the export lacks it (reported, never invented). A path that
 * climbs out of `files/` is treated as missing.
 */
export async function keepAttachment(files: FileStore, dir: string, path: string): Promise<KeptFile | null> {
  const root = join(dir, 'files');
  const full = normalize(join(root, path));
  if (!full.startsWith(root + sep)) return null;
  try {
    await access(full);
  } catch {
    return null;
  }
  const staged = await files.stage(createReadStream(full), maxBytes);
  await files.keep(staged);
  const ext = acceptedType(path.split('.').pop()?.toLowerCase());
  return {
    sha256: staged.sha256,
    size: staged.size,
    contentType: ext ? acceptedTypes[ext] : 'application/octet-stream',
    fileName: basename(path).slice(-120),
  };
}

/** A dossier as the documents of a batch need it. */
export interface ImportedTarget {
  id: string;
  agency: string;
  holder: string;
  holderName: string;
}

/**
 * The documents of a batch of component rows (`ThanhPhanHoSos`): each file the export holds kept
 * and recorded under the component's name, as digitized as the source says; one already recorded
 * for the dossier (a resumed or repeated run) is left. The dossiers' indicator shares are counted
 * again (a digitized component counts). Answers how many were recorded and the paths missing.
 */
export async function importComponentRows(
  tx: Tx,
  files: FileStore,
  dir: string,
  rows: readonly SourceRow[],
  targets: ReadonlyMap<string, ImportedTarget>,
): Promise<{ documents: number; missing: string[] }> {
  let documents = 0;
  const missing: string[] = [];
  const touched = new Set<string>();
  for (const r of rows) {
    const target = targets.get((r.cells['HoSo'] ?? '').trim());
    if (!target || !isBlank(r.cells['DeletedOn'])) continue;
    const component = (valueOf(r.cells['Ten']) ?? vi.migration.unnamedComponent).trim().slice(0, 200);
    const digitization = Math.min(3, Math.max(0, Number(r.cells['TrangThaiSoHoa'] ?? 0) || 0));
    const at = sourceInstant(r.cells['CreatedOn']) ?? new Date(0);
    for (const path of pathList(r.cells['DinhKem'])) {
      const kept = await keepAttachment(files, dir, path);
      if (!kept) {
        missing.push(path);
        continue;
      }
      const { rows: inserted } = await sql<{ id: string }>`
        INSERT INTO dossier_document (dossier_id, component_code, version, sha256, size, content_type, file_name,
          digitization, uploaded_by, uploaded_at)
        SELECT ${target.id}::uuid, ${component}, coalesce(max(version), 0) + 1, ${kept.sha256}, ${kept.size},
          ${kept.contentType}, ${kept.fileName}, ${digitization}, NULL, ${at}
        FROM dossier_document WHERE dossier_id = ${target.id}::uuid AND component_code = ${component}
        HAVING NOT bool_or(sha256 = ${kept.sha256}) OR count(*) = 0
        RETURNING id`.execute(tx);
      if (inserted.length > 0) {
        documents++;
        touched.add(target.id);
      }
    }
  }
  if (touched.size > 0) await countDossiers(tx, [...touched]);
  return { documents, missing };
}

/**
 * The result a finished source dossier carries (its number, signer, date, file): recorded as an
 * imported result, and, when the file is there, put in the holder's warehouse marked as imported.
 * Not claimed as signed (S1 keeps no verifiable signature with it).
 */
export async function importResult(
  tx: Tx,
  files: FileStore,
  dir: string,
  cells: Readonly<Record<string, string>>,
  target: ImportedTarget,
  now: Date,
): Promise<{ recorded: boolean; missing: string[] }> {
  const kind = valueOf(cells['LoaiKetQua'])?.trim() ?? '';
  const paths = pathList(cells['DinhKemKetQua']);
  const number = valueOf(cells['SoKyHieuKetQua'])?.trim() ?? null;
  if (!isResultKind(kind) || (paths.length === 0 && !number)) return { recorded: false, missing: [] };
  const exists = await tx
    .selectFrom('dossier_result')
    .select('id')
    .where('dossier_id', '=', target.id)
    .where('status', '=', 'imported')
    .executeTakeFirst();
  if (exists) return { recorded: false, missing: [] };
  const missing: string[] = [];
  let kept: KeptFile | null = null;
  for (const p of paths) {
    kept = await keepAttachment(files, dir, p);
    if (kept) break;
    missing.push(p);
  }
  const issued = sourceInstant(cells['NgayKyKetQua']) ?? sourceInstant(cells['NgayBanHanhKetQua']);
  const title =
    valueOf(cells['TrichYeuKetQua'])?.trim() || valueOf(cells['TrichYeuHoSo'])?.trim() || number || '';
  const result = await tx
    .insertInto('dossier_result')
    .values({
      dossier_id: target.id,
      status: 'imported',
      title: title.slice(0, 500),
      external_ref: null,
      number,
      issued_on: issued ? vietnamDate(issued) : null,
      signer: valueOf(cells['NguoiKyKetQua'])?.trim() ?? null,
      issuing_agency: valueOf(cells['CoQuanBanHanhKetQua'])?.trim() ?? target.agency,
      sha256: kept?.sha256 ?? null,
      size: kept?.size ?? null,
      holder_id_number: target.holder,
      holder_name: target.holderName,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (kept && target.holder !== '')
    await tx
      .insertInto('warehouse_item')
      .values({
        owner_id_number: target.holder,
        kind: 'result',
        type_code: 'imported',
        title: title.slice(0, 500),
        sha256: kept.sha256,
        size: kept.size,
        content_type: kept.contentType,
        pages: null,
        number,
        issued_on: issued ? vietnamDate(issued) : null,
        issuing_agency: valueOf(cells['CoQuanBanHanhKetQua'])?.trim() ?? target.agency,
        source_dossier_id: target.id,
        result_id: result.id,
        document_id: null,
        added_at: now,
        imported: true,
      })
      .execute();
  return { recorded: true, missing };
}
