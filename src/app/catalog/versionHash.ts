import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { CatalogVersion, VersionContent } from '../../contracts/catalog.js';
import { canonicalJson } from '../../domain/text/canonicalJson.js';

/** The content of a version without its status and dates. */
export function contentOf(v: CatalogVersion): z.infer<typeof VersionContent> {
  const { version, status, decision, effectiveFrom, effectiveTo, ...content } = v;
  return content;
}

/**
 * What a published version's immutability covers: content, decision and effective date. The same
 * hash for the importer and the editor, so a version edited on screen and exported re-imports as
 * unchanged.
 */
export function versionHash(
  content: z.infer<typeof VersionContent>,
  decision: CatalogVersion['decision'],
  effectiveFrom: string | null,
): string {
  return createHash('sha256')
    .update(canonicalJson({ ...content, decision, effectiveFrom }))
    .digest('hex');
}
