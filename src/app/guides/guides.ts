import { vi } from '../../domain/i18n/vi.js';
import { procedureGuideKey, procedureOfGuide } from '../../domain/guides/guide.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, hasPermission, requireStaff, type StaffActor } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem, staleVersion } from '../problems.js';

export interface GuideView {
  key: string;
  kind: 'role' | 'procedure';
  roles: string[];
  procedure: { code: string; name: string } | null;
  title: string;
  body: string;
  revision: number;
  savedAt: string;
  savedBy: string | null;
  /** Whether the caller may edit it (the system administrator; the owning ministry for a procedure). */
  editable: boolean;
}

export interface GuideBody {
  title: string;
  body: string;
  /** The revision the editor started from (0 for a procedure's first guidance). */
  expectedRevision: number;
}

/** Every guide in force, role guides in their order, then procedures by code. */
export function listGuides(ctx: AppContext, actor: Actor): Promise<GuideView[]> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const rows = await guideRows(tx)
      .orderBy('g.kind', 'desc')
      .orderBy('g.position')
      .orderBy('g.procedure_code')
      .execute();
    const staff = actor.kind === 'staff' && actor.stage === 'full' ? actor : null;
    const editor = staff ? await editorOf(tx, staff, now) : null;
    return Promise.all(rows.map(async (r) => view(r, editor ? await editor(r.procedure_ministry) : false)));
  });
}

/** One guide in force (404 when there is none). */
export function findGuide(ctx: AppContext, actor: Actor, key: string): Promise<GuideView> {
  return listGuides(ctx, actor).then((all) => {
    const found = all.find((g) => g.key === key);
    if (!found) throw problem('not-found', vi.guide.noGuide(key));
    return found;
  });
}

/**
 * Saves a new revision of a guide, or a procedure's first guidance: only by its editors, only from
 * the revision in force (an editor who started from an older one gets 409 and loses nothing);
 * audited. Earlier revisions stay readable.
 */
export function saveGuide(
  ctx: AppContext,
  actor: Actor,
  key: string,
  input: GuideBody,
  meta: RequestMeta,
): Promise<GuideView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const procedure = procedureOfGuide(key);
    const ministry = procedure === null ? null : await owningMinistry(tx, procedure);
    const editor = await editorOf(tx, staff, now);
    if (!(await editor(ministry)))
      throw problem('forbidden', procedure === null ? vi.guide.onlySystemAdmin : vi.guide.onlyOwningMinistry);
    const current = await tx
      .selectFrom('guide')
      .select('revision')
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirst();
    if (!current && procedure === null) throw problem('not-found', vi.guide.noGuide(key));
    const revision = (current?.revision ?? 0) + 1;
    if (input.expectedRevision !== (current?.revision ?? 0)) throw staleVersion(current?.revision ?? 0);
    if (current) await tx.updateTable('guide').set({ revision }).where('key', '=', key).execute();
    else
      await tx
        .insertInto('guide')
        .values({
          key: procedureGuideKey(procedure as string),
          kind: 'procedure',
          roles: [],
          procedure_code: procedure,
          position: 0,
          revision,
        })
        .execute();
    await tx
      .insertInto('guide_revision')
      .values({
        guide_key: key,
        revision,
        title: input.title,
        body: input.body,
        saved_at: now,
        saved_by: staff.accountId,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'guide.save',
        targetKind: 'guide',
        targetId: key,
        detail: { revision, title: input.title },
      },
      now,
      meta,
    );
    const row = await guideRows(tx).where('g.key', '=', key).executeTakeFirstOrThrow();
    return view(row, true);
  });
}

export interface GuideRevisionView {
  revision: number;
  title: string;
  body: string;
  savedAt: string;
  savedBy: string | null;
}

/** Every revision of a guide, newest first (for staff: who wrote what, and when). */
export function guideRevisions(ctx: AppContext, actor: Actor, key: string): Promise<GuideRevisionView[]> {
  requireStaff(actor);
  return inTransaction(ctx, async (tx) => {
    const rows = await tx
      .selectFrom('guide_revision as r')
      .leftJoin('account as a', 'a.id', 'r.saved_by')
      .select(['r.revision', 'r.title', 'r.body', 'r.saved_at', 'a.full_name'])
      .where('r.guide_key', '=', key)
      .orderBy('r.revision', 'desc')
      .execute();
    if (rows.length === 0) throw problem('not-found', vi.guide.noGuide(key));
    return rows.map((r) => ({
      revision: r.revision,
      title: r.title,
      body: r.body,
      savedAt: r.saved_at.toISOString(),
      savedBy: r.full_name,
    }));
  });
}

async function owningMinistry(tx: Tx, code: string): Promise<string> {
  const p = await tx
    .selectFrom('procedure')
    .select('ministry_code')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!p) throw problem('not-found', vi.detail.noProcedure(code));
  return p.ministry_code;
}

/**
 * Who may edit what: a role guide (no ministry) the holder of guide.manage (the system
 * administrator); a procedure's guidance whoever manages the catalog of its ministry.
 */
async function editorOf(tx: Tx, staff: StaffActor, now: Date) {
  const roleGuides = await hasPermission(tx, staff, 'guide.manage', now);
  return async (ministry: string | null): Promise<boolean> =>
    ministry === null ? roleGuides : agencyInReach(tx, staff, 'catalog.manage', ministry, now);
}

function guideRows(tx: Tx) {
  return tx
    .selectFrom('guide as g')
    .innerJoin('guide_revision as r', (j) =>
      j.onRef('r.guide_key', '=', 'g.key').onRef('r.revision', '=', 'g.revision'),
    )
    .leftJoin('procedure as p', 'p.code', 'g.procedure_code')
    .leftJoin('account as a', 'a.id', 'r.saved_by')
    .select([
      'g.key',
      'g.kind',
      'g.roles',
      'g.procedure_code',
      'p.name as procedure_name',
      'p.ministry_code as procedure_ministry',
      'g.revision',
      'r.title',
      'r.body',
      'r.saved_at',
      'a.full_name as saved_by',
    ]);
}

type GuideRow = Awaited<ReturnType<ReturnType<typeof guideRows>['executeTakeFirstOrThrow']>>;

const view = (r: GuideRow, editable: boolean): GuideView => ({
  key: r.key,
  kind: r.kind,
  roles: r.roles,
  procedure: r.procedure_code ? { code: r.procedure_code, name: r.procedure_name ?? r.procedure_code } : null,
  title: r.title,
  body: r.body,
  revision: r.revision,
  savedAt: r.saved_at.toISOString(),
  savedBy: r.saved_by,
  editable,
});
