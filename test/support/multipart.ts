import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Signed } from '../../fixtures/staff.js';

/** A multipart/form-data body with one file field, as a browser sends it. */
export function multipart(fileName: string, bytes: Buffer, type = 'application/octet-stream') {
  const boundary = `----motcua${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** The smallest valid PNG: 1×1, one grey pixel. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
  'base64',
);

/** Posts one file as the multipart field "file" to `url`, as `who` (with the CSRF token). */
export function postFile(
  app: FastifyInstance,
  who: Signed,
  url: string,
  file: { name: string; bytes: Buffer; type?: string },
) {
  const body = multipart(file.name, file.bytes, file.type);
  return app.inject({
    method: 'POST',
    url,
    cookies: { motcua_session: who.cookie },
    headers: { 'x-csrf-token': who.csrf, 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** Uploads one file to a dossier as `who`, the way the dossier page does. */
export function uploadDocument(
  app: FastifyInstance,
  who: Signed,
  code: string,
  file: { name: string; bytes: Buffer },
  query = 'component=TK',
) {
  return postFile(app, who, `/api/v1/dossiers/${code}/documents?${query}`, file);
}
