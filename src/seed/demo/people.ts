import { residentOf } from '../../integrations/population/population.js';

/**
 * The applicants of the living demo: identity numbers drawn from a seeded generator, each the
 * person the (simulated) national population database knows by that number, so that the same seed
 * gives the same people and a counter's lookup finds them.
 */

/** A small fast generator (mulberry32): enough for demo data, never for anything secret. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** A whole number in [min, max]. */
export const between = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

export interface DemoPerson {
  name: string;
  idNumber: string;
  phone: string;
  street: string;
}

/**
 * A person registered in `province` (its two-digit code): a 12-digit citizen ID whose first three
 * digits are the province, then gender and century, birth year and six digits.
 */
export function demoPerson(random: Random, province: string): DemoPerson {
  const born = between(random, 1950, 2005);
  const genderCentury = (born >= 2000 ? 2 : 0) + (random() < 0.5 ? 1 : 0);
  const serial = String(between(random, 1, 999_999)).padStart(6, '0');
  const idNumber = `0${province}${genderCentury}${String(born % 100).padStart(2, '0')}${serial}`;
  const resident = residentOf(idNumber, () => []);
  if (!resident) throw new Error(`not a citizen ID: ${idNumber}`);
  return {
    name: resident.name,
    idNumber,
    phone: `09${String(between(random, 0, 99_999_999)).padStart(8, '0')}`,
    street: resident.permanentAddress.detail,
  };
}
