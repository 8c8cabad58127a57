/**
 * Practice dossiers (issue 23 §1). Their codes carry THỬ NGHIỆM before the legal form (written
 * without diacritics: a code is printed as a barcode and typed at counters), so a practice code can
 * never be mistaken for, or collide with, a real one.
 */
export const practicePrefix = 'THUNGHIEM-';

export const practiceCode = (code: string): string => `${practicePrefix}${code}`;

export const isPracticeCode = (code: string): boolean => code.startsWith(practicePrefix);

/** How many practice dossiers a trainer may generate at each step in one go (a class, not a load). */
export const maxPerStep = 20;
