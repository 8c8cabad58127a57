/** Passwords everyone tries first; refused whatever their length (ASVS 2.1.7). */
const weakPasswords = new Set([
  '123456789012',
  '1234567890123',
  'password1234',
  'password12345',
  'matkhau12345',
  'matkhau123456',
  'qwertyuiop12',
  'qwerty123456',
  '111111111111',
  '000000000000',
  'abcd12345678',
  'admin1234567',
  'administrator',
  'iloveyou1234',
  'motcua123456',
  'motcua@12345',
  'hanoi1234567',
  'vietnam12345',
  'vietnam@1234',
  'dichvucong123',
  'dichvucong@123',
  'welcome12345',
  'changeme1234',
  '12345678910',
  'passw0rd1234',
  'p@ssw0rd1234',
  'abc123456789',
  '1q2w3e4r5t6y',
  'zaq12wsxcde3',
  'asdfghjkl123',
]);

export const minPasswordLength = 12;
export const maxPasswordLength = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'contains_username' | 'known_weak' | 'one_character';

/** ASVS 2.1: length over composition rules; no username in it; not on the weak list. */
export function checkPassword(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < minPasswordLength) problems.push('too_short');
  if (length > maxPasswordLength) problems.push('too_long');
  const lower = password.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) problems.push('contains_username');
  if (weakPasswords.has(lower)) problems.push('known_weak');
  if (length > 0 && new Set(password).size === 1) problems.push('one_character');
  return problems;
}
