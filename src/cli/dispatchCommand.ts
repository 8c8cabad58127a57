import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { startIntegrations } from '../integrations/hub.js';
import { migrate } from '../store/migrations.js';
import { isConnectionLost } from '../store/connectionLost.js';
import type { Database } from '../store/database.js';
import { open } from './runtime.js';

/**
 * Opens the database and checks its structure, waiting while it cannot be reached: a dispatcher
 * started during a failover (or a paused primary) waits for the database instead of exiting.
 */
async function openWhenReachable(config: Config): Promise<Database> {
  for (let attempt = 1; ; attempt++) {
    let database: Database | null = null;
    try {
      database = await open(config);
      await migrate(database.db);
      return database;
    } catch (e) {
      await database?.close().catch(() => {});
      if (!isConnectionLost(e)) throw e;
      console.error(`CSDL chưa truy cập được (lần ${attempt}): ${(e as Error).message}; thử lại sau 2 giây`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** `motcua dispatch` */
export async function dispatchCommand(config: Config, _args: CommandArgs): Promise<void> {
  const database = await openWhenReachable(config);
  const hub = await startIntegrations(
    database,
    { ...config.integrations, dispatchInServer: true },
    config.publicUrl,
    (e) => console.error('outbox dispatcher:', e),
  );
  console.log(['Bộ gửi tin (outbox) đang chạy:', ...hub.description.map((d) => `  ${d}`)].join('\n'));
  const stop = async () => {
    await hub.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return;
}
