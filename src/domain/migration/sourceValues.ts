/**
 * The values of a provincial one-stop export (LAYOUT.md of the shared provincial export), read as
 * what they mean: times in three styles, `NULL` written as text, `##`-joined (or comma-joined)
 * id lists in any case, status codes, procedure codes with a locality suffix. Pure functions.
 */

/** Empty, or SQL Server's literal NULL. */
export const isBlank = (v: string | undefined): v is undefined | '' =>
  v === undefined || v === '' || v === 'NULL';

/** The value, or null when blank; text in NFC (some rows are written decomposed). */
/**
 * A copy of a value that does not hold on to the text it was read from, for a value kept for the
 * whole run (a dossier code, a history row's id). A CSV reader hands out values cut from the chunk
 * of the file it parsed: V8 keeps a long substring as a view of its parent (every chunk of a 1.6 GB
 * export would stay alive), and one cut from text with any Vietnamese letter in it takes two bytes
 * a character even when it is plain ASCII. A JSON round trip makes a compact string of its own.
 */
export const detached = (v: string): string => JSON.parse(JSON.stringify(v)) as string;

export const valueOf = (v: string | undefined): string | null => (isBlank(v) ? null : v.normalize('NFC'));

const dmy = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?)?$/;

/** A wall-clock time as written, before any time zone is applied. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A time in any of the export's styles (`dd/MM/yyyy HH:mm:ss`, ISO `yyyy-MM-ddTHH:mm:ss`, SQL
 * Server's `yyyy-MM-dd HH:mm:ss.fffffff`; a date alone is midnight): null when blank, 'invalid'
 * when it is not a time or names a day that does not exist (30/02).
 */
export function wallTime(v: string | undefined): WallTime | null | 'invalid' {
  if (isBlank(v)) return null;
  const s = v.trim();
  let m = dmy.exec(s);
  let parts: (string | undefined)[];
  if (m) parts = [m[3], m[2], m[1], m[4], m[5], m[6]];
  else if ((m = iso.exec(s))) parts = [m[1], m[2], m[3], m[4], m[5], m[6]];
  else return 'invalid';
  const [year, month, day, hour, minute, second] = parts.map((p) => Number(p ?? 0)) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return 'invalid';
  if (hour > 23 || minute > 59 || second > 59) return 'invalid';
  return { year, month, day, hour, minute, second };
}

/** The instant of a wall time read in Vietnam (UTC+7, no daylight saving). */
export const vietnamInstant = (t: WallTime): Date =>
  new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour - 7, t.minute, t.second));

/** The calendar day of a wall time, 'YYYY-MM-DD' (S1 decides lateness on days). */
export const dayOf = (t: WallTime): string =>
  `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;

/**
 * An id list: `##`-joined as S1 writes it (or comma-joined, as other systems do), empty items
 * dropped, ids lower-cased (S1 keeps the caller's case on single ids), each once.
 */
export function idList(v: string | undefined): string[] {
  if (isBlank(v)) return [];
  const items = v.includes('##') ? v.split('##') : v.split(',');
  return [...new Set(items.map((x) => x.trim().toLowerCase()).filter((x) => x !== ''))];
}

/** Attachment paths: `##`-joined object paths (comma-joined in some exports), each once. */
export function pathList(v: string | undefined): string[] {
  if (isBlank(v)) return [];
  const items = v.includes('##') ? v.split('##') : v.split(/,\s*(?=\/)/);
  return [...new Set(items.map((x) => x.trim()).filter((x) => x.startsWith('/')))];
}

/** A dossier status as the source wrote it: 1–10, or out of range (0, empty, other). */
export function sourceStatus(v: string | undefined): number | null {
  if (isBlank(v)) return null;
  const n = Number(v.trim());
  return Number.isInteger(n) && n >= 1 && n <= 10 ? n : null;
}

/**
 * The national code of a procedure from the local one: `1.001193.000.00.00.H56` and
 * `2.002621.H56` are variants of `1.001193` and `2.002621`.
 */
export function nationalProcedureCode(v: string | undefined): string | null {
  if (isBlank(v)) return null;
  const m = /^(\d\.\d{6})(?:\..*)?$/.exec(v.trim());
  return m ? (m[1] as string) : null;
}

/**
 * Whether a `LoaiKetQua` names the dossier's result (blank, or `Kết quả`), not a supplement request,
 * a return or withdrawal letter or an apology, which S1 records as "results" too (LAYOUT §2.7).
 */
export const isResultKind = (v: string): boolean => v === '' || v.normalize('NFC') === 'Kết quả';
