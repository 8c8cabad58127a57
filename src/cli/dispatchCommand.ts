import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { startIntegrations } from '../integrations/hub.js';
import { migrate } from '../store/migrations.js';
import { open } from './runtime.js';

/** `motcua dispatch` */
export async function dispatchCommand(config: Config, _args: CommandArgs): Promise<void> {
  const database = await open(config);
  await migrate(database.db);
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
