import { vi } from '../../domain/i18n/vi.js';
import { withoutOwnPassword } from '../auth/activation.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { withinReach } from '../access/reach.js';
import { grantsOf, type GrantView } from '../auth/grants.js';
import { inTransaction, type AppContext } from '../context.js';
import { decodeCursor, toPage, type Page, type PageRequest } from '../pagination.js';
import { textMatch } from '../textMatch.js';
import { problem } from '../problems.js';

export interface AccountSummary {
  id: string;
  username: string;
  fullName: string;
  agency: { code: string; name: string };
  position: string | null;
  active: boolean;
  validFrom: string;
  validTo: string | null;
  mustChangePassword: boolean;
  /** Has never chosen a password (invited, or given a temporary one not used yet). */
  activationPending: boolean;
  secondFactor: boolean;
}

export interface AccountDetail extends AccountSummary {
  phone: string | null;
  email: string | null;
  grants: GrantView[];
}

export interface AccountQuery extends PageRequest {
  q?: string | undefined;
  agency?: string | undefined;
  active?: boolean | undefined;
}

const columns = [
  'a.id',
  'a.username',
  'a.full_name',
  'a.agency_code',
  'g.name as agency_name',
  'a.position',
  'a.active',
  'a.valid_from',
  'a.valid_to',
  'a.must_change_password',
  'a.totp_secret',
  'a.phone',
  'a.email',
] as const;

/** Accounts at agencies within the actor's reach; nothing else is ever selected. */
export function listAccounts(
  ctx: AppContext,
  actor: Actor,
  query: AccountQuery,
): Promise<Page<AccountSummary>> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  return inTransaction(ctx, async (tx) => {
    const base = tx
      .selectFrom('account as a')
      .innerJoin('agency as g', 'g.code', 'a.agency_code')
      .where(withinReach('a.agency_code', staff.accountId, 'account.read', now))
      .$if(query.agency !== undefined, (qb) => qb.where('a.agency_code', '=', query.agency as string))
      .$if(query.active !== undefined, (qb) => qb.where('a.active', '=', query.active as boolean))
      .$call((qb) => {
        const text = textMatch('a.search_name', 'a.username', query.q);
        return text ? qb.where(text) : qb;
      });
    const rows = await base
      .select([...columns, withoutOwnPassword('a').as('activation_pending')])
      .$if(after !== undefined, (qb) => qb.where('a.username', '>', after as string))
      .orderBy('a.username')
      .limit(query.limit + 1)
      .execute();
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return toPage(rows.map(toSummary), query.limit, (a) => a.username, count.n);
  });
}

/** One account within reach, with all its grants (revoked ones too); 404 otherwise. */
export function getAccount(ctx: AppContext, actor: Actor, id: string): Promise<AccountDetail> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const row = await tx
      .selectFrom('account as a')
      .innerJoin('agency as g', 'g.code', 'a.agency_code')
      .select([...columns, withoutOwnPassword('a').as('activation_pending')])
      .where('a.id', '=', id)
      .where(withinReach('a.agency_code', staff.accountId, 'account.read', now))
      .executeTakeFirst();
    if (!row) throw accountNotFound();
    return { ...toSummary(row), phone: row.phone, email: row.email, grants: await grantsOf(tx, id) };
  });
}

export const accountNotFound = () => problem('not-found', vi.detail.noAccount);

interface Row {
  id: string;
  username: string;
  full_name: string;
  agency_code: string;
  agency_name: string;
  position: string | null;
  active: boolean;
  valid_from: string;
  valid_to: string | null;
  must_change_password: boolean;
  activation_pending: boolean;
  totp_secret: string | null;
}

function toSummary(r: Row): AccountSummary {
  return {
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    agency: { code: r.agency_code, name: r.agency_name },
    position: r.position,
    active: r.active,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    mustChangePassword: r.must_change_password,
    activationPending: r.activation_pending,
    secondFactor: r.totp_secret !== null,
  };
}
