import { vi } from '../../domain/i18n/vi.js';
import { roleDefinitions } from '../../domain/access/roles.js';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Insertable, Selectable } from 'kysely';
import { zipBomb, zipDeclared } from '../../domain/documents/zipDirectory.js';
import { pdfActiveContent } from './activeContent.js';
import { componentsOf } from '../../domain/catalog/procedureVersion.js';
import {
  acceptedType,
  acceptedTypes,
  displayName,
  tiffPageCount,
  type AcceptedExtension,
  type Digitization,
} from '../../domain/documents/document.js';
import { terminalStatuses, type DossierStatus } from '../../domain/dossier/status.js';
import type { DossierDocumentTable } from '../../store/schema.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { AppError } from '../errors.js';
import { rolesAt } from '../access/rolesAt.js';
import { visibleDossier } from '../access/dossierVisibility.js';
import { handlingConfig } from '../dossiers/handlingConfig.js';
import type { DocumentView } from '../../contracts/documents.js';
import { FileTooLarge, type FileStore, type StagedFile } from '../files/fileStore.js';
import { markForCounting } from '../reports/countIndicators.js';
import { addDocumentToWarehouse } from '../warehouse/warehouseItems.js';
import { problem } from '../problems.js';
import { queuePortalSync } from '../outbox/enqueue.js';

type DocumentRow = Omit<Selectable<DossierDocumentTable>, 'dossier_id' | 'uploaded_by'>;

export const documentView = (r: DocumentRow): DocumentView => ({
  id: r.id,
  componentCode: r.component_code,
  version: r.version,
  sha256: r.sha256,
  size: Number(r.size),
  contentType: r.content_type,
  pages: r.pages,
  fileName: r.file_name,
  digitization: r.digitization,
  uploadedAt: r.uploaded_at.toISOString(),
  reusedFrom: r.reused_from,
  declaredPages: r.declared_pages,
  purgedAt: r.purged_at?.toISOString() ?? null,
});

export const documentColumns = [
  'id',
  'component_code',
  'version',
  'sha256',
  'size',
  'content_type',
  'pages',
  'file_name',
  'digitization',
  'uploaded_at',
  'reused_from',
  'declared_pages',
  'purged_at',
] as const;

/** Pages of a scan: a PDF's or TIFF's page count; another image is one page; office files have none. */
async function pagesOf(file: StagedFile, ext: AcceptedExtension): Promise<number | null> {
  if (ext === 'jpg' || ext === 'png') return 1;
  if (ext === 'tif') return tiffPageCount(await readFile(file.path)) ?? 1;
  if (ext !== 'pdf') return null;
  try {
    const { PDFDocument } = await import('pdf-lib');
    const pdf = await PDFDocument.load(await readFile(file.path), {
      ignoreEncryption: true,
      updateMetadata: false,
    });
    const active = await pdfActiveContent(pdf);
    if (active) throw problem('file-active-content', vi.detail.pdfActiveContent(active));
    return pdf.getPageCount();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw problem('file-type-refused', vi.detail.pdfBroken);
  }
}

/** Office documents are ZIP containers: one declaring far more than it holds is a zip bomb. */
async function refuseZipBomb(file: StagedFile, ext: AcceptedExtension): Promise<void> {
  if (ext !== 'docx' && ext !== 'xlsx') return;
  if (zipBomb(zipDeclared(await readFile(file.path)))) throw problem('file-zip-bomb', vi.detail.zipBomb);
}

/** The dossier an official may add documents to: visible, open, and held where they hold a role. */
export async function writableDossier(ctx: AppContext, tx: Tx, accountId: string, code: string, now: Date) {
  const d = await visibleDossier(tx, accountId, code, now);
  if (terminalStatuses.includes(d.status as DossierStatus)) throw problem('dossier-closed');
  // Holding some role where the dossier is does not do: a monitor there reads, it never writes.
  const held = await rolesAt(tx, accountId, d.agency_code, now);
  if (!held.some((r) => roleDefinitions[r].permissions.includes('dossier.write')))
    throw problem('forbidden', vi.detail.onlyHolderWrites);
  const content = await (await handlingConfig(ctx, tx)).versionContent(d.procedure_code, d.version_no);
  return { dossier: d, components: componentsOf(content, d.case_code) };
}

export interface UploadInput {
  componentCode: string;
  digitization: Digitization;
  /** The name the client gave; shown only, cleaned, never used for storage. */
  clientName: string | undefined;
  /** Pages the counter counted on the paper original; the scan must have as many. */
  declaredPages?: number | undefined;
}

/**
 * The next version of a component's document, written under the dossier's row lock (one upload
 * at a time per dossier numbers the versions).
 */
export async function insertDocumentVersion(
  tx: Tx,
  dossierId: string,
  values: Omit<Insertable<DossierDocumentTable>, 'dossier_id' | 'version'>,
): Promise<DocumentView> {
  await tx.selectFrom('dossier').select('id').where('id', '=', dossierId).forUpdate().execute();
  const last = await tx
    .selectFrom('dossier_document')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('dossier_id', '=', dossierId)
    .where('component_code', '=', values.component_code)
    .executeTakeFirst();
  const row = await tx
    .insertInto('dossier_document')
    .values({ ...values, dossier_id: dossierId, version: (last?.v ?? 0) + 1 })
    .returning(documentColumns)
    .executeTakeFirstOrThrow();
  await queuePortalSync(tx, dossierId, 'document', values.uploaded_at);
  return documentView(row);
}

/** The bytes streamed into the store's staging area, hashed and size-limited. */
async function stageUpload(files: FileStore, source: Readable, maxBytes: number): Promise<StagedFile> {
  try {
    return await files.stage(source, maxBytes);
  } catch (e) {
    if (e instanceof FileTooLarge) throw problem('file-too-large', vi.detail.maxFileSize(maxBytes));
    throw e;
  }
}

/** What a staged file is (by its bytes), refused when not accepted; its pages match the paper's. */
async function checkedFile(staged: StagedFile, declaredPages: number | undefined) {
  const { fileTypeFromFile } = await import('file-type');
  const ext = acceptedType((await fileTypeFromFile(staged.path))?.ext);
  if (!ext) throw problem('file-type-refused');
  await refuseZipBomb(staged, ext);
  const pages = await pagesOf(staged, ext);
  if (declaredPages !== undefined && pages !== null && pages !== declaredPages)
    throw problem('page-count-mismatch', undefined, [
      { field: 'querystring.pages', message: vi.detail.pagesDiffer(pages, declaredPages) },
    ]);
  return { ext, pages };
}

/**
 * A file another system handed over whole (a supplement the applicant uploaded on the national
 * portal): checked and kept exactly as an upload is (size, what the bytes are, active content,
 * pages); what a document row records of it.
 */
export async function keepReceivedFile(
  files: FileStore,
  bytes: Buffer,
  clientName: string,
  maxBytes: number,
) {
  const staged = await stageUpload(files, Readable.from([bytes]), maxBytes);
  try {
    const { ext, pages } = await checkedFile(staged, undefined);
    await files.keep(staged);
    return {
      sha256: staged.sha256,
      size: staged.size,
      content_type: acceptedTypes[ext],
      pages,
      file_name: displayName(clientName, ext),
    };
  } catch (e) {
    await files.discard(staged);
    throw e;
  }
}

/**
 * Adds a file to a dossier component as its next version. The bytes are streamed into the store's
 * staging area (hashed, size-limited), identified by what they are (not by their name), counted
 * in pages, and kept under their hash; the row is written last. A refused or interrupted upload
 * leaves nothing, neither bytes nor row.
 */
export async function uploadDocument(
  ctx: AppContext,
  files: FileStore,
  actor: Actor,
  code: string,
  input: UploadInput,
  source: Readable,
  maxBytes: number,
  meta: RequestMeta,
): Promise<DocumentView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  // Refuse before reading a byte when the dossier or component is wrong.
  const { components } = await inTransaction(ctx, (tx) =>
    writableDossier(ctx, tx, staff.accountId, code, now),
  );
  if (!components.some((c) => c.code === input.componentCode))
    throw problem('unknown-component', undefined, [
      { field: 'querystring.component', message: vi.dossierProblem['unknown_component'] as string },
    ]);

  const staged = await stageUpload(files, source, maxBytes);
  try {
    const { ext, pages } = await checkedFile(staged, input.declaredPages);
    await files.keep(staged);
    return await inTransaction(ctx, async (tx) => {
      const { dossier, components } = await writableDossier(ctx, tx, staff.accountId, code, now);
      const doc = await insertDocumentVersion(tx, dossier.id, {
        component_code: input.componentCode,
        sha256: staged.sha256,
        size: staged.size,
        content_type: acceptedTypes[ext],
        pages,
        file_name: displayName(input.clientName, ext),
        digitization: input.digitization,
        uploaded_by: staff.accountId,
        uploaded_at: now,
        declared_pages: input.declaredPages ?? null,
      });
      const component = components.find((c) => c.code === input.componentCode);
      if (component && input.digitization === 1)
        await addDocumentToWarehouse(tx, { ...doc, content_type: doc.contentType }, dossier, component, now);
      await recordAudit(
        tx,
        {
          actorKind: 'staff',
          actorId: staff.accountId,
          action: 'document.upload',
          targetKind: 'dossier',
          targetId: code,
          agencyCode: dossier.agency_code,
          detail: { documentId: doc.id, component: input.componentCode, sha256: staged.sha256 },
        },
        now,
        meta,
      );
      await markForCounting(tx, dossier.id);
      return doc;
    });
  } catch (e) {
    await files.discard(staged);
    throw e;
  }
}

/** The documents of a dossier the official may see, every version, by component. */
export function listDocuments(ctx: AppContext, actor: Actor, code: string): Promise<DocumentView[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, now);
    const rows = await tx
      .selectFrom('dossier_document')
      .select(documentColumns)
      .where('dossier_id', '=', d.id)
      .orderBy('component_code')
      .orderBy('version')
      .execute();
    return rows.map(documentView);
  });
}

/** A document's bytes for an official who may see its dossier; every read is audited. */
export async function openDocument(
  ctx: AppContext,
  files: FileStore,
  actor: Actor,
  code: string,
  documentId: string,
  meta: RequestMeta,
): Promise<{ document: DocumentView; content: Readable }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const document = await inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, now);
    const row = await tx
      .selectFrom('dossier_document')
      .select(documentColumns)
      .where('dossier_id', '=', d.id)
      .where('id', '=', documentId)
      .executeTakeFirst();
    if (!row) throw problem('not-found', vi.detail.noDocument);
    if (row.purged_at) throw problem('retention-expired', vi.detail.retentionExpired);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'document.read',
        targetKind: 'dossier',
        targetId: code,
        agencyCode: d.agency_code,
        detail: { documentId },
      },
      now,
      meta,
    );
    return documentView(row);
  });
  return { document, content: files.open(document.sha256) };
}
