import { sql } from 'kysely';
import { statusGroups } from '../domain/dossier/status.js';

/**
 * Values a partial index's predicate names, written into a statement's text instead of sent as
 * parameters. Statements are prepared (preparedStatements.ts), and after five runs PostgreSQL may
 * keep a generic plan, made without the parameters' values: it cannot then prove that
 * `status IN ($1, $2)` implies an index's `status IN (2, 4)`, and reads another index instead. The
 * due-soon queue's count took 12 ms off the list index instead of 0.04 ms off the open-dossier one
 * (BENCHMARKS.md, issue 24, fifth pass).
 */

/** A dossier in progress (DOMAIN §5.1: received, processing), as the open-dossier indexes name it. */
export const inProgress = statusGroups.inProgress.map((s) => sql.lit(s));
