import type { VersionContent } from '../../domain/catalog/procedureVersion.js';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import type { WorkCalendar } from '../../domain/calendar/workCalendar.js';
import { inForceOn } from '../../store/inForceOn.js';
import { calendarFrom, calendarSource } from '../calendar/calendars.js';
import { resolveBindingIn, type BoundStep } from '../catalog/bindings.js';
import { routeHistory, type ProvinceRoutes } from '../catalog/routes.js';
import { latestTemplate } from '../catalog/workflows.js';
import { configReader } from '../configCache.js';
import type { AppContext, Tx } from '../context.js';

/** What a dossier is pinned to at receipt: its procedure version, case and workflow revision. */
export interface DossierPin {
  procedure_code: string;
  version_no: number;
  case_code: string;
  workflow_revision: number;
}

export type HandlingConfig = Awaited<ReturnType<typeof handlingConfig>>;

export interface UnitInForce {
  code: string;
  level: string;
  name: string;
  parent_code: string | null;
}

/**
 * The configuration a dossier is handled by, read through the process cache (src/app/configCache.ts):
 * one round trip for the generation (none when the caller read it with its first statement), then
 * whatever this process has not read yet for it.
 */
export async function handlingConfig(ctx: AppContext, tx: Tx, generation?: number) {
  const config = await configReader(ctx, tx, generation);
  return { ...procedureReads(config, tx), ...placeReads(config, tx) };
}

type Reader = Awaited<ReturnType<typeof configReader>>;

/** The procedure's side: versions, workflows, the owning ministry. */
function procedureReads(config: Reader, tx: Tx) {
  return {
    /** The published version of a procedure, or undefined when there is none (or no procedure). */
    versionInForce: (code: string) =>
      config.get(`version-in-force:${code}`, () =>
        tx
          .selectFrom('procedure_version')
          .select(['version_no', 'content'])
          .where('procedure_code', '=', code)
          .where('status', '=', 'published')
          .executeTakeFirst(),
      ),
    /** The content of a version a dossier is pinned to (published versions never change). */
    versionContent: (code: string, versionNo: number) =>
      config.get(`version:${code}:${versionNo}`, async () => {
        const v = await tx
          .selectFrom('procedure_version')
          .select('content')
          .where('procedure_code', '=', code)
          .where('version_no', '=', versionNo)
          .executeTakeFirstOrThrow();
        return v.content as VersionContent;
      }),
    latestTemplate: (code: string, versionNo: number, caseCode: string) =>
      config.get(`template:${code}:${versionNo}:${caseCode}`, () =>
        latestTemplate(tx, code, versionNo, caseCode),
      ),
    /** The steps of the workflow revision a dossier is pinned to. */
    templateSteps: ({
      procedure_code: code,
      version_no: versionNo,
      case_code: caseCode,
      workflow_revision: revision,
    }: DossierPin) =>
      config.get(`template:${code}:${versionNo}:${caseCode}:${revision}`, async () => {
        const t = await tx
          .selectFrom('workflow_template')
          .select('steps')
          .where('procedure_code', '=', code)
          .where('version_no', '=', versionNo)
          .where('case_code', '=', caseCode)
          .where('revision', '=', revision)
          .executeTakeFirstOrThrow();
        return t.steps as WorkflowStep[];
      }),
    /** The ministry that owns a procedure (its monitors see the procedure's dossiers everywhere). */
    ministryOf: (code: string) =>
      config.get(`ministry-of:${code}`, async () => {
        const p = await tx
          .selectFrom('procedure')
          .select('ministry_code')
          .where('code', '=', code)
          .executeTakeFirstOrThrow();
        return p.ministry_code;
      }),
  };
}

/** The place's side: units, agencies, routes, bindings, calendars. */
function placeReads(config: Reader, tx: Tx) {
  return {
    /** An administrative unit in force on a day (YYYY-MM-DD, Vietnam). */
    unit: (code: string, day: string): Promise<UnitInForce | undefined> =>
      config.get(`unit:${code}:${day}`, () =>
        tx
          .selectFrom('admin_unit')
          .select(['code', 'level', 'name', 'parent_code'])
          .where('code', '=', code)
          .where(inForceOn('admin_unit', day))
          .executeTakeFirst(),
      ),
    agencyUnit: (agencyCode: string) =>
      config.get(`agency:${agencyCode}`, () =>
        tx
          .selectFrom('agency')
          .select(['admin_unit_code', 'name'])
          .where('code', '=', agencyCode)
          .executeTakeFirst(),
      ),
    routes: (code: string, provinceCode: string): Promise<ProvinceRoutes> =>
      config.get(`routes:${code}:${provinceCode}`, () => routeHistory(tx, code, provinceCode)),
    /** Who performs each step for a commune on a day (bindings name units in force that day). */
    binding: (
      code: string,
      versionNo: number,
      caseCode: string,
      communeCode: string,
      day: string,
      at: Date,
      steps: WorkflowStep[],
    ): Promise<BoundStep[]> =>
      config.get(`binding:${code}:${versionNo}:${caseCode}:${communeCode}:${day}`, () =>
        resolveBindingIn(tx, code, versionNo, caseCode, communeCode, at, steps),
      ),
    /**
     * A fresh working calendar of an agency (the default office hours without one), built from the
     * cached years and office hours.
     */
    calendar: async (agencyCode?: string): Promise<WorkCalendar> =>
      calendarFrom(await config.get(`calendar:${agencyCode ?? ''}`, () => calendarSource(tx, agencyCode))),
  };
}
