import type { ClientScope } from '../../domain/access/roles.js';
import type { SessionStage } from '../../store/schema.js';

/**
 * Who is calling. Staff carry their account (what they may do is decided by their grants, live);
 * machine clients carry their scopes; citizens have their own session and routes.
 */
export type Actor =
  | { kind: 'staff'; accountId: string; username: string; stage: SessionStage }
  | {
      kind: 'client';
      clientId: string;
      name: string;
      scopes: readonly ClientScope[];
      /** The agency the client is registered for (null: every agency, as the national portal). */
      agencyCode: string | null;
    }
  | { kind: 'anonymous' };

export const anonymous: Actor = { kind: 'anonymous' };
