import { sql } from 'kysely';
import {
  officialHeading,
  planOfficials,
  type ExistingOfficial,
  type OfficialFacts,
  type OfficialPlan,
} from '../../domain/access/officialRows.js';
import type { Role } from '../../domain/access/roles.js';
import type { AgencyKind } from '../../domain/agencies/agency.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { vi } from '../../domain/i18n/vi.js';
import { searchKey } from '../../domain/text/searchKey.js';
import type { Actor } from '../access/actor.js';
import { hasPermission, managerRank, reachSet, requireStaff } from '../access/require.js';
import { recordAudits, type AuditEntry, type RequestMeta } from '../audit/auditLog.js';
import { invitationMessages, newActivation, noPassword } from '../auth/activation.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { refreshOrphans } from '../dossiers/dossierRow.js';
import { importedRows } from '../imports/importedRows.js';
import { enqueue, type OutboxMessage } from '../outbox/enqueue.js';
import { problem } from '../problems.js';
import { reachesBeyond } from './accountCommands.js';

/** Who imports officials: an administrator with account.manage (each row within reach), or the CLI. */
export type OfficialsEditor = { kind: 'staff'; accountId: string } | { kind: 'system' };

export interface OfficialsReport {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  /** Activation links sent (by e-mail and/or SMS), one per new account. */
  invited: number;
  refused: { row: number; field: string; message: string }[];
  changes: { row: number; username: string; outcome: 'created' | 'updated'; roles: Role[] }[];
}

export async function officialsEditor(ctx: AppContext, actor: Actor): Promise<OfficialsEditor> {
  const staff = requireStaff(actor);
  const may = await inTransaction(ctx, (tx) => hasPermission(tx, staff, 'account.manage', ctx.now()));
  if (!may) throw problem('forbidden');
  return { kind: 'staff', accountId: staff.accountId };
}

/**
 * Imports officials with their roles from a CSV or Excel file: a dry run reports row by row; applied,
 * new accounts get no password but a one-time activation link by e-mail and/or SMS, and every
 * account and grant made is audited. Rows refused are left out; the rest go in together.
 */
export async function importOfficials(
  ctx: AppContext,
  editor: OfficialsEditor,
  file: Buffer,
  dryRun: boolean,
  meta: RequestMeta,
): Promise<OfficialsReport> {
  const { rows, refused: refusedEarly, inFileTerms } = await importedRows(file, officialHeading);
  const now = ctx.now();
  const report = await inTransaction(ctx, async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('motcua.officials-import'))`.execute(tx);
    const reach = await importerReach(tx, editor, now);
    const planned = planOfficials(rows, await officialFacts(tx, editor, reach, now));
    const beyond = await beyondReach(tx, editor, planned.plans, reach.national, now);
    const plans = planned.plans.filter((p) => !beyond.has(p.row));
    const refused = [...refusedEarly, ...planned.refused, ...[...beyond.values()]];
    const invited = dryRun ? 0 : await writeOfficials(tx, ctx, editor, plans, now, meta);
    return reportOf(plans, refused, dryRun, invited);
  });
  return { ...report, refused: inFileTerms(report.refused) };
}

function reportOf(
  plans: OfficialPlan[],
  refused: OfficialsReport['refused'],
  dryRun: boolean,
  invited: number,
): OfficialsReport {
  const count = (o: string) => plans.filter((p) => p.outcome === o).length;
  return {
    dryRun,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    invited,
    refused,
    changes: plans.flatMap((p) =>
      p.outcome === 'unchanged'
        ? []
        : [{ row: p.row, username: p.username, outcome: p.outcome, roles: p.newRoles }],
    ),
  };
}

/** The register, the accounts and their grants, and the importer's reach: read once per file. */
async function officialFacts(
  tx: Tx,
  editor: OfficialsEditor,
  { manages, rank }: { manages: (code: string) => boolean; rank: number },
  now: Date,
): Promise<OfficialFacts> {
  const agencies = await tx
    .selectFrom('agency')
    .select(['code', 'kind'])
    .where('valid_to', 'is', null)
    .execute();
  const accounts = await tx
    .selectFrom('account')
    .select(['id', 'username', 'full_name', 'id_number', 'phone', 'email', 'agency_code', 'valid_to'])
    .execute();
  const grants = await tx
    .selectFrom('role_grant')
    .select(['account_id', 'role', 'agency_code'])
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .execute();
  const held = new Map<string, Set<string>>();
  for (const g of grants)
    held.set(g.account_id, (held.get(g.account_id) ?? new Set()).add(`${g.role}/${g.agency_code}`));
  const existing: ExistingOfficial[] = accounts.map((a) => ({
    id: a.id,
    username: a.username,
    fullName: a.full_name,
    idNumber: a.id_number,
    phone: a.phone,
    email: a.email,
    agencyCode: a.agency_code,
    validTo: a.valid_to === null ? null : String(a.valid_to).slice(0, 10),
    grants: held.get(a.id) ?? new Set(),
  }));
  const kindOf = new Map(agencies.map((a) => [a.code, a.kind as AgencyKind]));
  const byUsername = new Map(existing.map((a) => [a.username, a]));
  const byIdNumber = new Map(existing.filter((a) => a.idNumber).map((a) => [a.idNumber as string, a]));
  return {
    agencyKind: (code) => kindOf.get(code),
    byUsername: (u) => byUsername.get(u),
    byIdNumber: (n) => byIdNumber.get(n),
    manages,
    rank,
    self: editor.kind === 'staff' ? editor.accountId : null,
    today: vietnamDate(now),
  };
}

async function importerReach(tx: Tx, editor: OfficialsEditor, now: Date) {
  if (editor.kind === 'system')
    return { manages: () => true, rank: Number.POSITIVE_INFINITY, national: true };
  const staff = { kind: 'staff' as const, accountId: editor.accountId, username: '', stage: 'full' as const };
  const reach = await reachSet(tx, editor.accountId, 'account.manage', now);
  return { manages: reach.has, rank: await managerRank(tx, staff, now), national: reach.national };
}

/**
 * The rows whose roles would reach beyond what the importer manages (as a single grant would be
 * refused): checked once per role and agency; a national administrator reaches everything.
 */
async function beyondReach(
  tx: Tx,
  editor: OfficialsEditor,
  plans: OfficialPlan[],
  national: boolean,
  now: Date,
) {
  const refused = new Map<number, { row: number; field: string; message: string }>();
  if (editor.kind === 'system' || national) return refused;
  const verdict = new Map<string, boolean>();
  for (const p of plans)
    for (const role of p.newRoles) {
      const key = `${role}/${p.agencyCode}`;
      if (!verdict.has(key))
        verdict.set(key, await reachesBeyond(tx, editor.accountId, role, p.agencyCode, now));
      if (verdict.get(key))
        refused.set(p.row, {
          row: p.row,
          field: 'roles',
          message: `${vi.role[role]}: ${vi.grantProblem.reach_too_wide}`,
        });
    }
  return refused;
}

/** Writes accounts, grants, activation links, invitations and audit entries; the invitations sent. */
async function writeOfficials(
  tx: Tx,
  ctx: AppContext,
  editor: OfficialsEditor,
  plans: OfficialPlan[],
  now: Date,
  meta: RequestMeta,
): Promise<number> {
  const by = editor.kind === 'staff' ? editor.accountId : null;
  const created = plans.filter((p) => p.outcome === 'created');
  const ids = await insertAccounts(tx, created, now);
  const updated = plans.filter((p) => p.outcome === 'updated');
  for (const p of updated) await updateAccount(tx, p, now);
  for (const p of updated) ids.set(p.username, p.existing?.id as string);
  const grants = plans.flatMap((p) =>
    p.newRoles.map((role) => ({
      account_id: ids.get(p.username) as string,
      role,
      agency_code: p.agencyCode,
      sectors: null,
      valid_from: new Date(p.validFrom),
      valid_to: p.validTo ? new Date(p.validTo) : null,
      granted_by: by,
    })),
  );
  for (let i = 0; i < grants.length; i += 1000)
    await tx
      .insertInto('role_grant')
      .values(grants.slice(i, i + 1000))
      .execute();
  const regranted = updated.filter((p) => p.newRoles.length > 0).map((p) => p.existing?.id as string);
  if (regranted.length > 0)
    await tx.deleteFrom('staff_session').where('account_id', 'in', regranted).execute();
  const invited = await invite(tx, ctx, created, ids, by, now);
  await recordAudits(tx, auditOf(plans, ids, editor), now, meta);
  // A dossier waiting at one of these agencies for nobody is waiting for these officials now.
  await refreshOrphans(
    tx,
    [...new Set(plans.filter((p) => p.newRoles.length > 0).map((p) => p.agencyCode))],
    now,
  );
  return invited;
}

async function insertAccounts(tx: Tx, created: OfficialPlan[], now: Date): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < created.length; i += 1000) {
    const rows = await tx
      .insertInto('account')
      .values(
        created.slice(i, i + 1000).map((p) => ({
          username: p.username,
          full_name: p.fullName,
          search_name: searchKey(`${p.fullName} ${p.username}`),
          agency_code: p.agencyCode,
          position: null,
          phone: p.phone,
          email: p.email,
          id_number: p.idNumber,
          valid_from: p.validFrom,
          valid_to: p.validTo,
          password_hash: noPassword(),
          totp_secret: null,
          totp_pending_secret: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'username'])
      .execute();
    for (const r of rows) ids.set(r.username, r.id);
  }
  return ids;
}

async function updateAccount(tx: Tx, p: OfficialPlan, now: Date): Promise<void> {
  await tx
    .updateTable('account')
    .set({
      full_name: p.fullName,
      search_name: searchKey(`${p.fullName} ${p.username}`),
      agency_code: p.agencyCode,
      phone: p.phone,
      email: p.email,
      id_number: p.idNumber ?? p.existing?.idNumber ?? null,
      valid_to: p.validTo,
      updated_at: now,
    })
    .where('id', '=', p.existing?.id as string)
    .execute();
}

/**
 * A one-time activation link for each new account, sent by e-mail and by SMS where the file gives
 * them (through the outbox, delivered after the import commits); no password is ever shown.
 */
async function invite(
  tx: Tx,
  ctx: AppContext,
  created: OfficialPlan[],
  ids: ReadonlyMap<string, string>,
  by: string | null,
  now: Date,
): Promise<number> {
  const tokens: ReturnType<typeof newActivation>['row'][] = [];
  const messages: OutboxMessage[] = [];
  for (const p of created) {
    const { token, row } = newActivation(ctx, ids.get(p.username) as string, by);
    tokens.push(row);
    messages.push(...invitationMessages(ctx, p, token, row.expires_at));
  }
  for (let i = 0; i < tokens.length; i += 1000)
    await tx
      .insertInto('account_activation')
      .values(tokens.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < messages.length; i += 1000) await enqueue(tx, null, messages.slice(i, i + 1000), now);
  return created.filter((p) => p.email || p.phone).length;
}

function auditOf(
  plans: OfficialPlan[],
  ids: ReadonlyMap<string, string>,
  editor: OfficialsEditor,
): AuditEntry[] {
  const actor =
    editor.kind === 'staff'
      ? { actorKind: 'staff' as const, actorId: editor.accountId }
      : { actorKind: 'system' as const };
  return plans.flatMap((p) => {
    if (p.outcome === 'unchanged') return [];
    const target = {
      ...actor,
      targetKind: 'account',
      targetId: ids.get(p.username) ?? null,
      agencyCode: p.agencyCode,
    };
    return [
      {
        ...target,
        action: p.outcome === 'created' ? 'account.created' : 'account.updated',
        detail: { username: p.username, source: 'import' },
      },
      ...p.newRoles.map((role) => ({
        ...target,
        action: 'grant.created',
        detail: { username: p.username, role, source: 'import' },
      })),
    ];
  });
}
