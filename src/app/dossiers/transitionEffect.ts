import type { VersionContent } from '../../domain/catalog/procedureVersion.js';
import type { Action, DossierState } from '../../domain/dossier/lifecycle.js';
import type { RequestMeta } from '../audit/auditLog.js';
import type { AppContext, Tx } from '../context.js';
import type { ResultDossier } from '../results/issueSignedResult.js';
import type { ActorRef } from './dossierLog.js';

/** The dossier as the effects of a transition need it. */
export type TransitionDossier = ResultDossier;

/** A transition as written: the dossier, the log entries appended, the state they led to. */
export interface Recorded {
  dossier: TransitionDossier;
  entries: readonly Action[];
  /** The log sequence number of the last entry appended. */
  lastSeq: number;
  state: DossierState;
  actor: ActorRef;
  content: VersionContent;
  meta: RequestMeta | undefined;
  now: Date;
}

/** Something that follows a transition, in its transaction (the list: afterTransition.ts). */
export type Effect = (ctx: AppContext, tx: Tx, t: Recorded) => Promise<void>;
