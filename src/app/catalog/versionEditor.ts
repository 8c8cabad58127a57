import { sql } from 'kysely';
import type { z } from 'zod';
import type { VersionContent, VersionView } from '../../contracts/catalog.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { checkVersion } from '../../domain/catalog/procedureVersion.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, requireStaff, type StaffActor } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { invalidFields, problem } from '../problems.js';
import { versionHash } from './versionHash.js';

type Content = z.infer<typeof VersionContent>;

const notFound = (detail: string) => problem('not-found', detail);
const conflict = (slug: 'draft-exists' | 'published-immutable' | 'already-published', detail: string) =>
  problem(slug, detail);

/** The procedure's ministry, after checking the actor administers that ministry's catalog. */
async function ownedProcedure(tx: Tx, staff: StaffActor, code: string, now: Date): Promise<string> {
  const p = await tx
    .selectFrom('procedure')
    .select('ministry_code')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!p) throw notFound(vi.detail.noProcedure(code));
  if (!(await agencyInReach(tx, staff, 'catalog.manage', p.ministry_code, now))) {
    throw problem('outside-reach', vi.detail.onlyMinistryVersions);
  }
  return p.ministry_code;
}

async function versionRow(tx: Tx, code: string, version: number) {
  const row = await tx
    .selectFrom('procedure_version')
    .selectAll()
    .where('procedure_code', '=', code)
    .where('version_no', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound(vi.detail.noVersion(code, version));
  return row;
}

function view(row: Awaited<ReturnType<typeof versionRow>>): VersionView {
  return {
    version: row.version_no,
    status: row.status,
    decision:
      row.decision_no && row.decision_date ? { number: row.decision_no, date: row.decision_date } : null,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    content: row.content as Content,
  };
}

function rejectInvalid(content: Content): void {
  const problems = checkVersion(content);
  if (problems.length > 0) throw invalidFields('version-invalid', problems, vi.versionProblem);
}

async function audit(
  tx: Tx,
  staff: StaffActor,
  action: string,
  code: string,
  ministry: string,
  detail: Record<string, unknown>,
  now: Date,
  meta: RequestMeta,
) {
  await recordAudit(
    tx,
    {
      actorKind: 'staff',
      actorId: staff.accountId,
      action,
      targetKind: 'procedure',
      targetId: code,
      agencyCode: ministry,
      detail,
    },
    now,
    meta,
  );
}

/**
 * One version, drafts included for the owning ministry's administrators; anyone else sees only
 * published and superseded versions (a draft is not public: it answers 404 to them).
 */
export function getVersion(
  ctx: AppContext,
  actor: Actor,
  code: string,
  version: number,
): Promise<VersionView> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const row = await versionRow(tx, code, version);
    if (row.status === 'draft') {
      const p = await tx
        .selectFrom('procedure')
        .select('ministry_code')
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      const mayEdit =
        actor.kind === 'staff' &&
        actor.stage === 'full' &&
        (await agencyInReach(tx, actor, 'catalog.manage', p.ministry_code, now));
      if (!mayEdit) throw notFound(vi.detail.noVersion(code, version));
    }
    return view(row);
  });
}

/** The draft being prepared, if any (for the owning ministry's administrators). */
export function findDraft(ctx: AppContext, actor: Actor, code: string): Promise<VersionView | null> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    await ownedProcedure(tx, staff, code, now);
    const row = await tx
      .selectFrom('procedure_version')
      .selectAll()
      .where('procedure_code', '=', code)
      .where('status', '=', 'draft')
      .orderBy('version_no', 'desc')
      .executeTakeFirst();
    return row ? view(row) : null;
  });
}

/**
 * Opens a new draft version, a copy of the version in force (or of the latest version) to edit.
 * One draft at a time: a second request answers 409 naming the draft, so a double click or a
 * colleague's parallel attempt never makes two.
 */
export function createDraft(
  ctx: AppContext,
  actor: Actor,
  code: string,
  meta: RequestMeta,
): Promise<VersionView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const ministry = await ownedProcedure(tx, staff, code, now);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`version:${code}`}))`.execute(tx);
    const versions = await tx
      .selectFrom('procedure_version')
      .select(['version_no', 'status', 'content'])
      .where('procedure_code', '=', code)
      .orderBy('version_no', 'desc')
      .execute();
    const draft = versions.find((v) => v.status === 'draft');
    if (draft) {
      throw conflict('draft-exists', vi.detail.draftExists(code, draft.version_no));
    }
    const base = versions.find((v) => v.status === 'published') ?? versions[0];
    if (!base) throw notFound(vi.detail.nothingToCopy(code));
    const content = base.content as Content;
    const versionNo = (versions[0]?.version_no ?? 0) + 1;
    await tx
      .insertInto('procedure_version')
      .values({
        procedure_code: code,
        version_no: versionNo,
        status: 'draft',
        decision_no: null,
        decision_date: null,
        effective_from: null,
        effective_to: null,
        levels: content.levels,
        online_level: content.onlineLevel,
        content: JSON.stringify(content),
        content_hash: versionHash(content, null, null),
        created_at: now,
        published_at: null,
      })
      .execute();
    await audit(
      tx,
      staff,
      'version.drafted',
      code,
      ministry,
      { version: versionNo, from: base.version_no },
      now,
      meta,
    );
    return view(await versionRow(tx, code, versionNo));
  });
}

/** Replaces a draft's content after every rule of `checkVersion`; a published version never changes. */
export function saveDraft(
  ctx: AppContext,
  actor: Actor,
  code: string,
  version: number,
  content: Content,
  meta: RequestMeta,
): Promise<VersionView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const ministry = await ownedProcedure(tx, staff, code, now);
    const row = await versionRow(tx, code, version);
    if (row.status !== 'draft') {
      throw conflict('published-immutable', vi.versionProblem['published_immutable'] as string);
    }
    rejectInvalid(content);
    const hash = versionHash(content, null, null);
    if (hash === row.content_hash) return view(row);
    await tx
      .updateTable('procedure_version')
      .set({
        levels: content.levels,
        online_level: content.onlineLevel,
        content: JSON.stringify(content),
        content_hash: hash,
      })
      .where('procedure_code', '=', code)
      .where('version_no', '=', version)
      .execute();
    await audit(tx, staff, 'version.edited', code, ministry, { version }, now, meta);
    return view(await versionRow(tx, code, version));
  });
}

/**
 * The dates of a publication checked (in force today at the latest, the decision before it takes
 * effect, after the version it supersedes); answers the version in force before it.
 */
async function checkPublication(
  tx: Tx,
  code: string,
  input: { decision: { date: string }; effectiveFrom: string },
  today: string,
) {
  const errors = [];
  if (input.effectiveFrom > today)
    errors.push({ field: 'body.effectiveFrom', message: vi.versionProblem['effective_in_future'] as string });
  if (input.decision.date > input.effectiveFrom)
    errors.push({
      field: 'body.decision.date',
      message: vi.versionProblem['decision_after_effect'] as string,
    });
  const previous = await tx
    .selectFrom('procedure_version')
    .select(['version_no', 'effective_from'])
    .where('procedure_code', '=', code)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (previous?.effective_from && previous.effective_from >= input.effectiveFrom)
    errors.push({
      field: 'body.effectiveFrom',
      message: vi.versionProblem['effective_before_previous'] as string,
    });
  if (errors.length > 0) throw problem('version-invalid', undefined, errors);
  return previous;
}

/**
 * Publishes a draft under its decision: it becomes the version in force and the previous one is
 * superseded (its effectiveTo set to this one's effectiveFrom). A version is published on the day
 * it takes effect, not before: dossiers received until then stay on the version then in force.
 */
export function publishVersion(
  ctx: AppContext,
  actor: Actor,
  code: string,
  version: number,
  input: { decision: { number: string; date: string }; effectiveFrom: string },
  meta: RequestMeta,
): Promise<VersionView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const today = vietnamDate(now);
  return inTransaction(ctx, async (tx) => {
    const ministry = await ownedProcedure(tx, staff, code, now);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`version:${code}`}))`.execute(tx);
    const row = await versionRow(tx, code, version);
    if (row.status !== 'draft') {
      throw conflict('already-published', vi.detail.versionPublished(code, version));
    }
    const content = row.content as Content;
    rejectInvalid(content);
    const previous = await checkPublication(tx, code, input, today);
    if (previous) {
      await tx
        .updateTable('procedure_version')
        .set({ status: 'superseded', effective_to: input.effectiveFrom })
        .where('procedure_code', '=', code)
        .where('version_no', '=', previous.version_no)
        .execute();
    }
    await tx
      .updateTable('procedure_version')
      .set({
        status: 'published',
        decision_no: input.decision.number,
        decision_date: input.decision.date,
        effective_from: input.effectiveFrom,
        content_hash: versionHash(content, input.decision, input.effectiveFrom),
        published_at: now,
      })
      .where('procedure_code', '=', code)
      .where('version_no', '=', version)
      .execute();
    await audit(
      tx,
      staff,
      'version.published',
      code,
      ministry,
      {
        version,
        decision: input.decision.number,
        effectiveFrom: input.effectiveFrom,
        superseded: previous?.version_no ?? null,
      },
      now,
      meta,
    );
    return view(await versionRow(tx, code, version));
  });
}
