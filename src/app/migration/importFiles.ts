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

/** A finished source dossier whose result may be taken in. */
export interface ResultSource {
  cells: Readonly<Record<string, string>>;
  target: ImportedTarget;
}

/** What a source row says of its result, when it names one (a kind and a number or a file). */
function resultOf(cells: Readonly<Record<string, string>>) {
  const kind = valueOf(cells['LoaiKetQua'])?.trim() ?? '';
  const paths = pathList(cells['DinhKemKetQua']);
  const number = valueOf(cells['SoKyHieuKetQua'])?.trim() ?? null;
  if (!isResultKind(kind) || (paths.length === 0 && !number)) return null;
  const issued = sourceInstant(cells['NgayKyKetQua']) ?? sourceInstant(cells['NgayBanHanhKetQua']);
  const title =
    valueOf(cells['TrichYeuKetQua'])?.trim() || valueOf(cells['TrichYeuHoSo'])?.trim() || number || '';
  return {
    paths,
    number,
    title: title.slice(0, 500),
    issuedOn: issued ? vietnamDate(issued) : null,
    signer: valueOf(cells['NguoiKyKetQua'])?.trim() ?? null,
    issuer: valueOf(cells['CoQuanBanHanhKetQua'])?.trim() ?? null,
  };
}

/**
 * The results finished source dossiers carry (number, signer, date, file), for a batch in three
 * statements: recorded as imported results (a dossier that has one already is left), and, when the
 * file is there, put in the holder's warehouse marked as imported. Not claimed as signed (S1 keeps
 * no verifiable signature with it). Answers how many were recorded and the files the export lacks.
 */
export async function importResults(
  tx: Tx,
  files: FileStore,
  dir: string,
  sources: readonly ResultSource[],
  now: Date,
): Promise<{ recorded: number; missing: string[] }> {
  const named = sources.flatMap((s) => {
    const r = resultOf(s.cells);
    return r ? [{ ...r, target: s.target }] : [];
  });
  if (named.length === 0) return { recorded: 0, missing: [] };
  const { rows: has } = await sql<{ dossier_id: string }>`
    SELECT dossier_id FROM dossier_result
    WHERE dossier_id = ANY(${named.map((n) => n.target.id)}::uuid[]) AND status = 'imported'`.execute(tx);
  const done = new Set(has.map((h) => h.dossier_id));
  const todo = named.filter((n) => !done.has(n.target.id));
  const missing: string[] = [];
  const kept: (KeptFile | null)[] = [];
  for (const n of todo) {
    let k: KeptFile | null = null;
    for (const p of n.paths) {
      k = await keepAttachment(files, dir, p);
      if (k) break;
      missing.push(p);
    }
    kept.push(k);
  }
  if (todo.length === 0) return { recorded: 0, missing };
  const c = <T>(pick: (n: (typeof todo)[number], i: number) => T) => todo.map(pick);
  const { rows: ids } = await sql<{ id: string; dossier_id: string }>`
    INSERT INTO dossier_result (dossier_id, status, title, external_ref, number, issued_on, signer, issuing_agency,
      sha256, size, holder_id_number, holder_name, created_at, updated_at)
    SELECT u.dossier_id, 'imported', u.title, NULL, u.number, u.issued_on, u.signer, u.issuer, u.sha256, u.size,
      u.holder, u.holder_name, ${now}, ${now}
    FROM unnest(${c((n) => n.target.id)}::uuid[], ${c((n) => n.title)}::text[], ${c((n) => n.number)}::text[],
      ${c((n) => n.issuedOn)}::date[], ${c((n) => n.signer)}::text[], ${c((n) => n.issuer ?? n.target.agency)}::text[],
      ${c((_, i) => kept[i]?.sha256 ?? null)}::text[], ${c((_, i) => kept[i]?.size ?? null)}::int[],
      ${c((n) => n.target.holder)}::text[], ${c((n) => n.target.holderName)}::text[])
      AS u(dossier_id, title, number, issued_on, signer, issuer, sha256, size, holder, holder_name)
    RETURNING id, dossier_id`.execute(tx);
  await warehouseResults(tx, todo, kept, new Map(ids.map((r) => [r.dossier_id, r.id])), now);
  return { recorded: ids.length, missing };
}

/** The kept result files, each in its holder's warehouse, marked as imported. */
async function warehouseResults(
  tx: Tx,
  todo: readonly (NonNullable<ReturnType<typeof resultOf>> & { target: ImportedTarget })[],
  kept: readonly (KeptFile | null)[],
  resultIds: ReadonlyMap<string, string>,
  now: Date,
): Promise<void> {
  const items = todo.flatMap((n, i) => {
    const k = kept[i];
    const result = resultIds.get(n.target.id);
    return k && result && n.target.holder !== '' ? [{ n, k, result }] : [];
  });
  if (items.length === 0) return;
  const c = <T>(pick: (x: (typeof items)[number]) => T) => items.map(pick);
  await sql`
    INSERT INTO warehouse_item (owner_id_number, kind, type_code, title, sha256, size, content_type, pages, number,
      issued_on, issuing_agency, source_dossier_id, result_id, document_id, added_at, imported)
    SELECT u.owner, 'result', 'imported', u.title, u.sha256, u.size, u.content_type, NULL, u.number, u.issued_on,
      u.issuer, u.dossier_id, u.result_id, NULL, ${now}, true
    FROM unnest(${c((x) => x.n.target.holder)}::text[], ${c((x) => x.n.title)}::text[], ${c((x) => x.k.sha256)}::text[],
      ${c((x) => x.k.size)}::bigint[], ${c((x) => x.k.contentType)}::text[], ${c((x) => x.n.number)}::text[],
      ${c((x) => x.n.issuedOn)}::date[], ${c((x) => x.n.issuer ?? x.n.target.agency)}::text[],
      ${c((x) => x.n.target.id)}::uuid[], ${c((x) => x.result)}::uuid[])
      AS u(owner, title, sha256, size, content_type, number, issued_on, issuer, dossier_id, result_id)`.execute(
    tx,
  );
}
