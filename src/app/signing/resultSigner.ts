import type { SignatureVerdict } from './verifySignedPdf.js';

/** Who signs a result: the approving leader, with the agency issuing it. */
export interface Signatory {
  accountId: string;
  name: string;
  agency: string;
}

export interface SignedFile {
  pdf: Buffer;
  /** The certificate used: its issuer's common name and serial (hex). */
  issuer: string;
  serial: string;
}

/**
 * Signs results and checks signatures. The local test certificate authority implements it for
 * development; a remote signing service or an HSM (ký số từ xa) implements the same two calls.
 */
export interface ResultSigner {
  sign(pdf: Uint8Array, who: Signatory, at: Date): Promise<SignedFile>;
  /** Checks a signed PDF against the configured trust anchors and revocations. */
  verify(pdf: Buffer, signedAt?: Date): Promise<SignatureVerdict>;
}
