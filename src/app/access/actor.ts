import type { SessionStage } from '../../store/schema.js';

/** Who is calling. Staff carry their account; what they may do is decided by their grants, live. */
export type Actor =
  { kind: 'staff'; accountId: string; username: string; stage: SessionStage } | { kind: 'anonymous' };

export const anonymous: Actor = { kind: 'anonymous' };
