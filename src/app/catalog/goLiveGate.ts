import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Role } from '../../domain/access/roles.js';
import { inForceOn } from '../../store/inForceOn.js';
import { heldRoles } from '../access/heldRoles.js';
import type { Tx } from '../context.js';
import { resolveBindingIn } from './bindings.js';
import { latestTemplate } from './workflows.js';

/** Where a dossier would be stranded: an agency a step lands on with nobody holding its role, or no agency at all. */
export interface StrandingGap {
  /** The agency, or null when a step lands nowhere (unbound, or no agency of the bound kind in a commune). */
  agencyCode: string | null;
  agencyName: string | null;
  role: Role | null;
  stepCode: string;
  /** How many of the province's communes send dossiers into this gap. */
  communes: number;
}

/**
 * Every gap a procedure's central reception in a province would have at an instant, resolved the
 * way intake resolves it (each commune's binding of each step of the published workflow) and
 * checked against the grants and accounts in force then. No gap: no dossier received that day can
 * wait at a step nobody may take.
 */
export async function strandingGaps(
  tx: Tx,
  code: string,
  provinceCode: string,
  at: Date,
): Promise<StrandingGap[]> {
  const version = await tx
    .selectFrom('procedure_version')
    .select('version_no')
    .where('procedure_code', '=', code)
    .where('status', '=', 'published')
    .orderBy('version_no', 'desc')
    .executeTakeFirst();
  const unbound = (stepCode: string): StrandingGap[] => [
    { agencyCode: null, agencyName: null, role: null, stepCode, communes: 0 },
  ];
  if (!version) return unbound('—');
  let steps: WorkflowStep[];
  try {
    steps = (await latestTemplate(tx, code, version.version_no, '')).steps as WorkflowStep[];
  } catch {
    return unbound('—');
  }
  const communes = await tx
    .selectFrom('admin_unit')
    .select('code')
    .where('parent_code', '=', provinceCode)
    .where('level', '=', 'commune')
    .where(inForceOn('admin_unit', vietnamDate(at)))
    .execute();
  const needed = new Map<string, StrandingGap>();
  for (const c of communes)
    for (const b of await resolveBindingIn(tx, code, version.version_no, '', c.code, at, steps)) {
      const key = `${b.agency?.code ?? '-'}/${b.role}/${b.agency ? '' : b.stepCode}`;
      const gap = needed.get(key) ?? {
        agencyCode: b.agency?.code ?? null,
        agencyName: b.agency?.name ?? null,
        role: b.role,
        stepCode: b.stepCode,
        communes: 0,
      };
      gap.communes++;
      needed.set(key, gap);
    }
  const held = await heldRoles(
    tx,
    at,
    [...needed.values()].flatMap((g) => (g.agencyCode ? [g.agencyCode] : [])),
  );
  return [...needed.values()]
    .filter((g) => g.agencyCode === null || !held.has(`${g.agencyCode}/${g.role}`))
    .sort(
      (a, b) =>
        (a.agencyCode ?? '').localeCompare(b.agencyCode ?? '') || (a.role ?? '').localeCompare(b.role ?? ''),
    );
}

/** A gap as people read it: the agency and the missing role, or the step landing nowhere. */
export function gapMessage(g: StrandingGap): string {
  return g.agencyCode
    ? vi.detail.gapAt(g.agencyName ?? g.agencyCode, g.role ? vi.role[g.role] : '', g.communes)
    : vi.detail.gapNowhere(g.stepCode, g.communes);
}
