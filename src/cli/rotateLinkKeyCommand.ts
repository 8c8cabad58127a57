import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { rotateLinkKey } from '../app/links/rotateLinkKey.js';
import { open } from './runtime.js';

/**
 * `motcua rotate-link-key`: a new key signs the document and result links given to the national
 * portal from now on (each node takes it within a minute); links signed before keep opening until
 * they expire. Audited.
 */
export async function rotateLinkKeyCommand(config: Config, _args: CommandArgs): Promise<void> {
  const database = await open(config);
  try {
    const id = await rotateLinkKey(database.db, new Date());
    console.log(`Khóa ký đường dẫn mới: ${id}. Đường dẫn đã ký bằng khóa cũ vẫn mở được tới khi hết hạn.`);
  } finally {
    await database.close();
  }
}
