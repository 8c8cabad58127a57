import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Schema } from '../store/schema.js';
import { seedDemoSystem } from '../seed/demoSystem.js';
import {
  DemoRefused,
  defaultDemoActivity,
  generateDemoActivity,
  type DemoActivityOptions,
} from '../seed/demo/activity.js';
import type { CommandArgs } from './commandArgs.js';
import { open, prepare } from './runtime.js';

interface DemoSize {
  seed?: string | undefined;
  days?: string | undefined;
  'per-day'?: string | undefined;
  until?: string | undefined;
}

const whole = (v: string | undefined, fallback: number, max: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new DemoRefused(`Giá trị không hợp lệ: ${v} (số nguyên 0–${max})`);
  return n;
};

/** The size asked for on the command line, checked before anything is opened. */
export function demoOptions(size: DemoSize): DemoActivityOptions {
  const until = size.until ? new Date(`${size.until}T17:00:00+07:00`) : new Date();
  if (Number.isNaN(until.getTime())) throw new DemoRefused(`Ngày không hợp lệ: ${size.until} (YYYY-MM-DD)`);
  return {
    seed: whole(size.seed, defaultDemoActivity.seed, 2 ** 31),
    days: whole(size.days, defaultDemoActivity.days, 400),
    perDay: whole(size['per-day'], defaultDemoActivity.perDay, 200),
    until,
  };
}

const refused = (e: unknown): false => {
  if (!(e instanceof DemoRefused)) throw e;
  console.error(`Không tạo hoạt động mẫu: ${e.message}`);
  process.exitCode = 2;
  return false;
};

/**
 * Generates the living demo on `db` and says what it made; refused (exit code 2, nothing written)
 * on a database holding anything but the demo.
 */
export async function demoActivity(db: Kysely<Schema>, options: DemoActivityOptions): Promise<boolean> {
  const started = performance.now();
  try {
    console.error('Đang tạo hoạt động mẫu qua các chức năng của hệ thống…');
    const r = await generateDemoActivity(db, options);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.error(
      `Hoạt động mẫu (${seconds} giây): ${r.dossiers} hồ sơ, ${r.actions} thao tác xử lý, ${r.open} hồ sơ đang giải quyết, ${r.ratings} đánh giá, ${r.feedback} phản ánh, ${r.difficulties} báo khó khăn.`,
    );
    return true;
  } catch (e) {
    return refused(e);
  }
}

/** `motcua demo [--seed N] [--days N] [--per-day N] [--until YYYY-MM-DD]` */
export async function demoCommand(config: Config, args: CommandArgs): Promise<void> {
  let options: DemoActivityOptions;
  try {
    options = demoOptions(args);
  } catch (e) {
    refused(e);
    return;
  }
  const database = await open(config);
  try {
    await prepare(database);
    await seedDemoSystem(database.db, new Date());
    await demoActivity(database.db, options);
  } finally {
    await database.close();
  }
}
