import { createHash } from 'node:crypto';

/** A person as the national population database returns them (the fields a counter needs). */
export interface Resident {
  idNumber: string;
  name: string;
  /** yyyy-mm-dd */
  birthDate: string;
  gender: 'male' | 'female';
  permanentAddress: { communeCode: string; detail: string };
}

const families: [string, ...string[]] = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
const middles: Record<'male' | 'female', [string, ...string[]]> = {
  male: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Thành'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim'],
};
const givens: Record<'male' | 'female', [string, ...string[]]> = {
  male: [
    'An',
    'Bình',
    'Cường',
    'Dũng',
    'Hải',
    'Hùng',
    'Khang',
    'Long',
    'Nam',
    'Phúc',
    'Quân',
    'Sơn',
    'Tuấn',
    'Việt',
  ],
  female: [
    'Anh',
    'Châu',
    'Dung',
    'Hà',
    'Hạnh',
    'Hoa',
    'Lan',
    'Linh',
    'Mai',
    'Ngọc',
    'Phương',
    'Thảo',
    'Trang',
    'Yến',
  ],
};
const streets: [string, ...string[]] = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Trãi',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Quang Trung',
  'Hùng Vương',
];

/**
 * The generated population: every well-formed 12-digit citizen ID that does not end in 000000 is a
 * person, always the same one. The ID says the birth province (first three digits, the pre-2025
 * province code), the century and gender (fourth digit) and the year (fifth and sixth), as the law
 * on citizen IDs lays it out; the rest (name, day, commune) is drawn from a hash of the ID.
 *
 * `communesOf(provinceCode)` gives the communes of a (pre-merger or current) province code.
 */
export function residentOf(
  idNumber: string,
  communesOf: (province: string) => readonly string[],
): Resident | null {
  const m = /^(\d{3})(\d)(\d{2})(\d{6})$/.exec(idNumber);
  if (!m || m[4] === '000000') return null;
  const [, provinceDigits, centuryGender, yy] = m as unknown as [string, string, string, string];
  const cg = Number(centuryGender);
  const gender = cg % 2 === 0 ? 'male' : 'female';
  const year = 1900 + Math.floor(cg / 2) * 100 + Number(yy);
  const hash = createHash('sha256').update(idNumber).digest();
  const at = (byte: number) => hash.readUInt8(byte);
  const pick = <T>(list: readonly [T, ...T[]], byte: number): T => list[at(byte) % list.length] ?? list[0];
  const month = 1 + (at(0) % 12);
  const day = 1 + (at(1) % 28);
  const communes = communesOf(provinceDigits.slice(1));
  const communeCode = communes[at(2) % Math.max(communes.length, 1)] ?? '00004';
  return {
    idNumber,
    name: `${pick(families, 3)} ${pick(middles[gender], 4)} ${pick(givens[gender], 5)}`,
    birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    gender,
    permanentAddress: { communeCode, detail: `Số ${1 + (at(6) % 200)} đường ${pick(streets, 7)}` },
  };
}
