import iconv from 'iconv-lite';

const toneMarks = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * Text as Vietnamese Excel saves a CSV in Windows-1258: letters with their vowel marks precomposed
 * (ă, â, ê, ô, ơ, ư, đ), tone marks as combining characters after them.
 */
export function windows1258(text: string): Buffer {
  const spelled = [...text.normalize('NFD').matchAll(/\P{M}\p{M}*/gu)]
    .map(([g]) => {
      const tones = g.match(toneMarks)?.join('') ?? '';
      return g.replace(toneMarks, '').normalize('NFC') + tones;
    })
    .join('');
  return iconv.encode(spelled, 'windows1258');
}
