/** How satisfied an applicant was with a finished dossier (đánh giá mức độ hài lòng). */
export const ratingLevels = ['very_satisfied', 'satisfied', 'neutral', 'unsatisfied'] as const;
export type RatingLevel = (typeof ratingLevels)[number];

/** Why an applicant was not satisfied: the reasons offered on the rating form. */
export const ratingReasons = [
  'slow',
  'asked_again',
  'unclear_guidance',
  'attitude',
  'fees',
  'other',
] as const;

/** The levels the satisfaction rate counts as satisfied. */
export const isSatisfied = (level: RatingLevel): boolean =>
  level === 'very_satisfied' || level === 'satisfied';
