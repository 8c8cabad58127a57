import type { Config } from '../config.js';
import { createFirstAdmin } from '../app/accounts/firstAdmin.js';
import { AppError } from '../app/errors.js';
import type { CommandArgs } from './commandArgs.js';
import { contextOf, open, prepare } from './runtime.js';

/** `motcua create-admin --username … --full-name "…" --agency CODE [--email …]` */
export async function createAdminCommand(config: Config, args: CommandArgs): Promise<void> {
  const { username, agency } = args;
  const fullName = args['full-name'];
  if (!username || !fullName || !agency) {
    process.stderr.write(
      'Cách dùng: motcua create-admin --username TÊN --full-name "HỌ TÊN" --agency MÃ [--email THƯ]\n',
    );
    process.exitCode = 2;
    return;
  }
  const database = await open(config);
  try {
    await prepare(database);
    const made = await createFirstAdmin(contextOf(config, database), {
      username,
      fullName,
      agencyCode: agency,
      email: args.email,
    });
    console.log(
      `Đã tạo quản trị hệ thống ${username}. Liên kết kích hoạt (dùng một lần, hết hạn ${made.expiresAt.toISOString()}):`,
    );
    console.log(made.link);
    if (!config.publicUrl) console.log('(Đặt PUBLIC_URL để liên kết có địa chỉ đầy đủ của hệ thống.)');
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    process.stderr.write(`${e.detail ?? e.title}\n`);
    process.exitCode = 2;
  } finally {
    await database.close();
  }
}
