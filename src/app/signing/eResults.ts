import type { FileStore } from '../files/fileStore.js';
import type { ResultSigner } from './resultSigner.js';

/**
 * Results drafted, numbered and signed in this system (instead of by the document-management
 * system): the signer, where the signed files are kept, and the address a result's QR code opens.
 */
export interface EResults {
  signer: ResultSigner;
  files: FileStore;
  verifyUrl(code: string): string;
}
