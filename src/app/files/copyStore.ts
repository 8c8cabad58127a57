import type { FileStore } from './fileStore.js';

export interface CopyReport {
  /** Files already in the copy. */
  present: number;
  copied: number;
  bytes: number;
  /** Files whose bytes no longer hash to their name in the source: not copied, named. */
  corrupt: string[];
}

/**
 * Brings a second copy of the file store up to date: every file of `from` that `to` lacks is
 * streamed across and re-hashed on the way, so a damaged source file is reported, never copied.
 * Files are named by their content and never change, so a file once copied stays right; files
 * removed from `from` (retention) stay in the copy until it is pruned on its own schedule.
 */
export async function copyMissingFiles(from: FileStore, to: FileStore): Promise<CopyReport> {
  const report: CopyReport = { present: 0, copied: 0, bytes: 0, corrupt: [] };
  for await (const sha256 of from.list()) {
    if (await to.has(sha256)) {
      report.present++;
      continue;
    }
    const staged = await to.stage(from.open(sha256), Number.MAX_SAFE_INTEGER);
    if (staged.sha256 !== sha256) {
      await to.discard(staged);
      report.corrupt.push(sha256);
      continue;
    }
    await to.keep(staged);
    report.copied++;
    report.bytes += staged.size;
  }
  return report;
}
