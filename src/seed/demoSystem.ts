import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.js';
import { seedDemoAccounts, type DemoAccount } from './demoAccounts.js';
import { seedDemoDeployment } from './demoDeployment.js';
import { seedDemoSupport } from './demoSupport.js';

/** Demo grants start with the 2025 map, so they are in force whatever the clock says. */
export const demoGrantsFrom = new Date('2025-07-01T00:00:00+07:00');

/**
 * The demo a newcomer starts: the demo accounts, with them a deployment (so that a dossier can be
 * received at once) and the support focal points. Only on a database that has no account yet; what
 * was created is returned (nothing on a later start).
 */
export async function seedDemoSystem(
  db: Kysely<Schema>,
  now: Date,
): Promise<{ accounts: DemoAccount[]; deployed: string[] }> {
  const accounts = await seedDemoAccounts(db, demoGrantsFrom);
  if (accounts.length === 0) return { accounts, deployed: [] };
  const deployed = await seedDemoDeployment(db, demoGrantsFrom);
  await seedDemoSupport(db, now);
  return { accounts, deployed };
}
