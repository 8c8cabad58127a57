import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../app/errors.js';
import { problem } from '../app/problems.js';

const malformed = () =>
  problem('multipart-malformed', 'Dữ liệu multipart/form-data bị hỏng', [
    { field: 'body.file', message: 'Dữ liệu multipart/form-data bị hỏng hoặc bị cắt' },
  ]);

/** The one file of a multipart upload, and a way to name the request's fault if reading it fails. */
export interface Upload {
  part: MultipartFile;
  /**
   * Runs what consumes the file: a failure of the multipart stream itself (a cut or malformed body)
   * becomes a 400 naming `body.file`, never a 500; the consumer's own refusals pass unchanged.
   */
  consume<T>(use: (part: MultipartFile) => Promise<T>): Promise<T>;
  /** The whole file in memory (an import); a cut body is a 400, one over the size limit a 413. */
  bytes(): Promise<Buffer>;
}

/**
 * Reads the file field of a multipart request (every upload route goes through here): a body that
 * is not multipart is a 415, a malformed one or one without a file a 400.
 */
export async function uploadedFile(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw problem('multipart-required', 'Gửi tệp dạng multipart/form-data');
  let part: MultipartFile | undefined;
  try {
    part = await request.file();
  } catch (e) {
    if (e instanceof AppError) throw e;
    const status = (e as { statusCode?: number }).statusCode;
    if (status === 413) throw e;
    throw malformed();
  }
  if (!part) throw problem('file-missing', undefined, [{ field: 'body.file', message: 'Chưa chọn tệp' }]);
  let streamFailed = false;
  part.file.once('error', () => (streamFailed = true));
  const file = part;
  return {
    part: file,
    consume: async (use) => {
      try {
        return await use(file);
      } catch (e) {
        if (!(e instanceof AppError) && streamFailed) throw malformed();
        throw e;
      }
    },
    bytes: async () => {
      try {
        return await file.toBuffer();
      } catch (e) {
        if (e instanceof AppError || (e as { statusCode?: number }).statusCode === 413) throw e;
        throw malformed();
      }
    },
  };
}
