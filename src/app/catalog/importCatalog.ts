import {
  checkVersion,
  exampleCodePattern,
  procedureCodePattern,
} from '../../domain/catalog/procedureVersion.js';
import { vi } from '../../domain/i18n/vi.js';
import { searchKey } from '../../domain/text/searchKey.js';
import { CatalogRecord, type CatalogVersion, type ImportOutcome } from '../../contracts/catalog.js';
import { contentOf, versionHash } from './versionHash.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, hasPermission, requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem } from '../problems.js';

type FieldError = { field: string; message: string };
/** The importer: an official with catalog rights (their ministry only), or the seed itself. */
export type Importer = Actor | { kind: 'system' };

class Rejected extends Error {
  constructor(readonly errors: FieldError[]) {
    super('rejected');
  }
}

const reject = (field: string, code: string): Rejected =>
  new Rejected([{ field, message: vi.versionProblem[code] ?? code }]);

const hashOf = (v: CatalogVersion): string => versionHash(contentOf(v), v.decision, v.effectiveFrom);

/** Field-level checks of one record, before anything is written. */
function validate(raw: unknown): CatalogRecord {
  const parsed = CatalogRecord.safeParse(raw);
  if (!parsed.success) {
    throw new Rejected(
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'record', message: i.message })),
    );
  }
  const r = parsed.data;
  const errors: FieldError[] = [];
  const isExampleCode = exampleCodePattern.test(r.code);
  if (!isExampleCode && !procedureCodePattern.test(r.code))
    errors.push({ field: 'code', message: vi.versionProblem['procedure_code'] as string });
  else if (isExampleCode !== r.example)
    errors.push({ field: 'example', message: vi.versionProblem['example_code_mismatch'] as string });
  if (r.versions.filter((v) => v.status === 'published').length > 1) {
    errors.push({ field: 'versions', message: vi.versionProblem['two_published'] as string });
  }
  r.versions.forEach((v, i) => {
    for (const p of checkVersion(contentOf(v))) {
      errors.push({ field: `versions.${i}.${p.field}`, message: vi.versionProblem[p.code] ?? p.code });
    }
    if (v.status !== 'draft' && (!v.decision || !v.effectiveFrom)) {
      errors.push({
        field: `versions.${i}.decision`,
        message: vi.versionProblem['decision_required'] as string,
      });
    }
  });
  if (errors.length > 0) throw new Rejected(errors);
  return r;
}

type Outcome = 'created' | 'updated' | 'unchanged';

/** The procedure row of a record (and its sector), created or brought up to date. */
async function writeProcedure(tx: Tx, r: CatalogRecord, now: Date): Promise<Outcome> {
  const ministry = await tx
    .selectFrom('agency')
    .select('kind')
    .where('code', '=', r.ministry)
    .executeTakeFirst();
  if (ministry?.kind !== 'ministry') throw reject('ministry', 'ministry_not_ministry');
  await tx
    .insertInto('sector')
    .values({ code: r.sector.code, name: r.sector.name, ministry_code: r.ministry })
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: r.sector.name }))
    .execute();
  const existing = await tx
    .selectFrom('procedure')
    .select(['name', 'ministry_code', 'sector_code', 'example'])
    .where('code', '=', r.code)
    .executeTakeFirst();
  let outcome: Outcome = existing ? 'unchanged' : 'created';
  if (!existing) {
    await tx
      .insertInto('procedure')
      .values({
        code: r.code,
        name: r.name,
        search_name: searchKey(`${r.name} ${r.code}`),
        ministry_code: r.ministry,
        sector_code: r.sector.code,
        example: r.example,
        created_at: now,
        updated_at: now,
      })
      .execute();
  } else if (
    existing.name !== r.name ||
    existing.ministry_code !== r.ministry ||
    existing.sector_code !== r.sector.code ||
    existing.example !== r.example
  ) {
    await tx
      .updateTable('procedure')
      .set({
        name: r.name,
        search_name: searchKey(`${r.name} ${r.code}`),
        ministry_code: r.ministry,
        sector_code: r.sector.code,
        example: r.example,
        updated_at: now,
      })
      .where('code', '=', r.code)
      .execute();
    outcome = 'updated';
  }
  return outcome;
}

/** The record's versions written; whether any changed. Superseding first, publishing after. */
async function writeVersions(tx: Tx, r: CatalogRecord, now: Date): Promise<boolean> {
  let changed = false;
  // At most one published version at any moment.
  const ordered = [...r.versions].sort(
    (a, b) => (a.status === 'published' ? 1 : 0) - (b.status === 'published' ? 1 : 0),
  );
  for (const v of ordered) {
    const i = r.versions.indexOf(v);
    const hash = hashOf(v);
    const row = await tx
      .selectFrom('procedure_version')
      .select(['status', 'content_hash'])
      .where('procedure_code', '=', r.code)
      .where('version_no', '=', v.version)
      .executeTakeFirst();
    if (row && row.content_hash === hash && row.status === v.status) continue;
    if (row && row.status !== 'draft' && row.content_hash !== hash)
      throw reject(`versions.${i}`, 'published_immutable');
    if (v.status === 'published') {
      await tx
        .updateTable('procedure_version')
        .set({ status: 'superseded' })
        .where('procedure_code', '=', r.code)
        .where('status', '=', 'published')
        .where('version_no', '!=', v.version)
        .execute();
    }
    const values = {
      status: v.status,
      decision_no: v.decision?.number ?? null,
      decision_date: v.decision?.date ?? null,
      effective_from: v.effectiveFrom,
      effective_to: v.effectiveTo,
      levels: v.levels,
      online_level: v.onlineLevel,
      content: JSON.stringify(contentOf(v)),
      content_hash: hash,
      published_at: v.status === 'draft' ? null : now,
    };
    if (row) {
      await tx
        .updateTable('procedure_version')
        .set(values)
        .where('procedure_code', '=', r.code)
        .where('version_no', '=', v.version)
        .execute();
    } else {
      await tx
        .insertInto('procedure_version')
        .values({ procedure_code: r.code, version_no: v.version, created_at: now, ...values })
        .execute();
    }
    changed = true;
  }
  return changed;
}

async function write(tx: Tx, r: CatalogRecord, now: Date): Promise<Outcome> {
  const outcome = await writeProcedure(tx, r, now);
  const versionsChanged = await writeVersions(tx, r, now);
  return outcome === 'unchanged' && versionsChanged ? 'updated' : outcome;
}

/**
 * Imports catalog records, each in its own transaction: a bad record is reported with its index
 * and fields, the good ones are written. Idempotent by procedure code + version number.
 */
export async function importCatalog(
  ctx: AppContext,
  importer: Importer,
  records: unknown[],
  meta: RequestMeta,
): Promise<ImportOutcome[]> {
  const staff = importer.kind === 'system' ? null : requireStaff(importer);
  const now = ctx.now();
  if (staff && !(await inTransaction(ctx, (tx) => hasPermission(tx, staff, 'catalog.manage', now)))) {
    throw problem('forbidden');
  }
  const outcomes: ImportOutcome[] = [];
  for (const [index, raw] of records.entries()) {
    const code =
      typeof raw === 'object' && raw !== null && 'code' in raw && typeof raw.code === 'string'
        ? raw.code
        : null;
    try {
      const record = validate(raw);
      const outcome = await inTransaction(ctx, async (tx) => {
        if (staff && !(await agencyInReach(tx, staff, 'catalog.manage', record.ministry, now)))
          throw reject('ministry', 'outside_reach');
        const o = await write(tx, record, now);
        if (o !== 'unchanged') {
          await recordAudit(
            tx,
            {
              actorKind: staff ? 'staff' : 'system',
              actorId: staff?.accountId ?? null,
              action: `catalog.${o}`,
              targetKind: 'procedure',
              targetId: record.code,
              agencyCode: record.ministry,
              detail: { versions: record.versions.map((v) => [v.version, v.status]) },
            },
            now,
            meta,
          );
        }
        return o;
      });
      outcomes.push({ index, code, outcome, errors: [] });
    } catch (e) {
      if (!(e instanceof Rejected)) throw e;
      outcomes.push({ index, code, outcome: 'rejected', errors: e.errors });
    }
  }
  return outcomes;
}
