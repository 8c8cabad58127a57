/**
 * Guides (issue 23 §6): the help people read in the product and print as a handbook. A role guide
 * is kept by the system administrator; a procedure's technical guidance by the ministry that owns
 * the procedure. The text is Markdown (headings, paragraphs, lists, bold, links to screens, and
 * images among the screenshots the product ships).
 */

export const procedureGuidePrefix = 'procedure:';

/** The key of a procedure's technical guidance. */
export const procedureGuideKey = (procedureCode: string): string => `${procedureGuidePrefix}${procedureCode}`;

/** The procedure a key names, or null for a role guide. */
export const procedureOfGuide = (key: string): string | null =>
  key.startsWith(procedureGuidePrefix) ? key.slice(procedureGuidePrefix.length) : null;

/** A screenshot a guide may show: a file of the product's guide images, named plainly. */
export const guideImageName = /^[a-z0-9-]{1,60}\.png$/;

/**
 * Where a link in a guide may lead: a screen of the product (a path) or a public web address.
 * Anything else (javascript:, data:, relative tricks) is shown as plain text.
 */
export function safeGuideHref(href: string): { internal: boolean; href: string } | null {
  if (/^\/(?!\/)[\w\-./%?=&#]*$/.test(href)) return { internal: true, href };
  if (/^https:\/\/[^\s"'<>]+$/.test(href)) return { internal: false, href };
  return null;
}

/** Markdown's lexer escapes HTML in text; a PDF or React (which escapes again) wants the characters. */
export const unescapeHtml = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
