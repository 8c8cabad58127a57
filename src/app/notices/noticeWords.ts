import { sql } from 'kysely';
import {
  defaultTemplates,
  type NoticeEvent,
  type NoticeTemplate,
} from '../../domain/notifications/applicantNotice.js';
import type { Tx } from '../context.js';

/** What a notice about a dossier is written with, and who sends it. */
export interface NoticeWords {
  template: NoticeTemplate;
  /** The province's own SMS brandname, or null for the installation's. */
  brandname: string | null;
  procedureName: string | null;
  agencyName: string | null;
}

/**
 * The words in force for a notice about this dossier: its province's override of the procedure's
 * template, else the ministry's, else the default; with the province's brandname and the names a
 * template may use. The province is the one the dossier is handled in. One statement.
 */
export async function noticeWords(
  tx: Tx,
  dossier: { id: string; procedure_code: string },
  agencyCode: string,
  event: NoticeEvent,
): Promise<NoticeWords> {
  const { rows } = await sql<{
    text: string | null;
    subject: string | null;
    brandname: string | null;
    procedure_name: string | null;
    agency_name: string | null;
  }>`
    WITH place AS (
      SELECT (SELECT u.parent_code FROM admin_unit u
              WHERE u.code = d.commune_code AND u.valid_to IS NULL) AS province
      FROM dossier d WHERE d.id = ${dossier.id}::uuid
    )
    SELECT t.text, t.subject,
      (SELECT b.brandname FROM province_sms_brandname b, place WHERE b.province_code = place.province) AS brandname,
      (SELECT p.name FROM procedure p WHERE p.code = ${dossier.procedure_code}) AS procedure_name,
      (SELECT a.name FROM agency a WHERE a.code = ${agencyCode}) AS agency_name
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      SELECT n.text, n.subject FROM notice_template n
      WHERE n.procedure_code = ${dossier.procedure_code} AND n.event = ${event}
        AND (n.province_code IS NULL OR n.province_code = (SELECT province FROM place))
      ORDER BY n.province_code IS NULL, n.version DESC
      LIMIT 1
    ) t ON true`.execute(tx);
  const r = rows[0];
  return {
    template: r?.text && r.subject ? { text: r.text, subject: r.subject } : defaultTemplates[event],
    brandname: r?.brandname ?? null,
    procedureName: r?.procedure_name ?? null,
    agencyName: r?.agency_name ?? null,
  };
}
