import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { startIntegrations } from '../integrations/hub.js';
import { reconcilePortalDay } from '../app/integrations/portalReconciliation.js';
import { contextOf, open } from './runtime.js';

/** `motcua reconcile` */
export async function reconcileCommand(config: Config, args: CommandArgs): Promise<void> {
  const day = args.day ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error('Cần --day YYYY-MM-DD');
  const database = await open(config);
  const hub = await startIntegrations(database, { ...config.integrations, dispatchInServer: false });
  try {
    const r = await reconcilePortalDay(contextOf(config, database), hub.portal, day, 'operator');
    console.log(
      `Đối soát ${day}: ta có ${r.ours}, Cổng có ${r.theirs}; thiếu ${r.missing.length}, lệch trạng thái ${r.mismatched.length}, trùng ${r.duplicates.length}, lạ ${r.unknown.length}, đang gửi ${r.inFlight}; đã xếp gửi lại ${r.requeued}.`,
    );
  } finally {
    await hub.close();
    await database.close();
  }
  return;
}
