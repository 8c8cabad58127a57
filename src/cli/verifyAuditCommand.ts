import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { verifyAuditChain } from '../app/audit/auditLog.js';
import { open } from './runtime.js';

/** `motcua verify-audit` */
export async function verifyAuditCommand(config: Config, _args: CommandArgs): Promise<void> {
  const database = await open(config);
  const verdict = await verifyAuditChain(database.db);
  await database.close();
  if (verdict.ok) {
    console.log(`Nhật ký toàn vẹn: ${verdict.rows} dòng, chuỗi băm khớp.`);
    return;
  }
  console.error(
    `Nhật ký bị thay đổi: dòng seq=${verdict.brokenAt} (${verdict.reason}); đã kiểm ${verdict.rows} dòng.`,
  );
  process.exitCode = 3;
  return;
}
