import { vi } from '../../domain/i18n/vi.js';
import { vnDay } from '../../domain/calendar/localDate.js';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { commonName, serialOf } from './certificates.js';

/** The four things a signed result is checked for, each passed or failed on its own. */
export const signatureChecks = ['integrity', 'trust', 'validity', 'revocation'] as const;
export type SignatureCheck = (typeof signatureChecks)[number];

export interface CheckOutcome {
  check: SignatureCheck;
  ok: boolean;
  /** In Vietnamese, for the person who presented the file. */
  reason: string;
}

export interface SignatureVerdict {
  valid: boolean;
  signer: string | null;
  issuer: string | null;
  serial: string | null;
  signedAt: string | null;
  checks: CheckOutcome[];
}

export interface TrustSettings {
  /** The certificate authorities whose certificates are trusted (roots). */
  anchors: pkijs.Certificate[];
  /** When the certificate with this issuer and serial was revoked, or null. */
  revokedAt(issuer: string, serial: string): Promise<Date | null>;
}

export const signatureCheckName = (c: SignatureCheck) => vi.signature.checkName[c];

interface Located {
  signedBytes: Buffer;
  cms: Buffer;
  signingTime: Date | null;
}

/** The last signature of a PDF: the bytes it covers, the CMS, and the /M time of its dictionary. */
function locate(pdf: Buffer): Located | string {
  const at = pdf.lastIndexOf('/ByteRange');
  if (at < 0) return vi.signature.noSignature;
  const m = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(
    pdf.subarray(at, at + 120).toString('latin1'),
  );
  if (!m) return vi.signature.noByteRange;
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || c <= b || c + d !== pdf.length) return vi.signature.partialRange;
  const hex = pdf.subarray(b + 1, c - 1).toString('latin1');
  if (pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e || !/^[0-9a-fA-F]*$/.test(hex))
    return vi.signature.contentsAltered;
  const dict = pdf.subarray(Math.max(0, at - 2000), Math.min(pdf.length, c + 2000)).toString('latin1');
  const t = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?\)/.exec(dict);
  const zone = !t?.[7] || t[7] === 'Z' ? 'Z' : `${t[7].slice(0, 3)}:${t[7].replace(/'/g, '').slice(3, 5)}`;
  const signingTime = t ? new Date(`${t[1]}-${t[2]}-${t[3]}T${t[4]}:${t[5]}:${t[6]}${zone}`) : null;
  return {
    signedBytes: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
    cms: Buffer.from(hex, 'hex'),
    signingTime: signingTime && !Number.isNaN(signingTime.getTime()) ? signingTime : null,
  };
}

const outcome = (check: SignatureCheck, ok: boolean, reason: string): CheckOutcome => ({ check, ok, reason });
const date = (d: Date) => vnDay(d);

/** The CMS signed data of a signature's bytes, or null when they are not one. */
function readSignedData(cms: Buffer): pkijs.SignedData | null {
  try {
    const parsed = asn1js.fromBER(Uint8Array.from(cms));
    if (parsed.offset === -1) return null;
    const info = new pkijs.ContentInfo({ schema: parsed.result });
    return new pkijs.SignedData({ schema: info.content });
  } catch {
    return null;
  }
}

/** Whether the signature covers exactly these bytes. */
async function integrityHolds(signed: pkijs.SignedData, bytes: Buffer): Promise<boolean> {
  try {
    const r = await signed.verify({
      signer: 0,
      data: Uint8Array.from(bytes).buffer,
      checkChain: false,
      extendedMode: true,
    });
    return r.signatureVerified === true;
  } catch {
    return false;
  }
}

/**
 * Whether the signer's certificate chains to a trusted authority. Trust is judged apart from time:
 * the chain is built at a moment inside the signer's validity.
 */
async function chainTrusted(
  signer: pkijs.Certificate,
  certs: pkijs.Certificate[],
  trust: TrustSettings,
  when: Date,
): Promise<boolean> {
  const notBefore = signer.notBefore.value.getTime();
  const at = new Date(Math.min(Math.max(when.getTime(), notBefore), signer.notAfter.value.getTime()));
  try {
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts: trust.anchors,
      certs: [signer, ...certs.filter((c) => c !== signer)],
      checkDate: at,
    });
    return (await engine.verify()).result === true;
  } catch {
    return false;
  }
}

/** Whether the certificate was valid when the document was signed. */
function validityOutcome(when: Date, notBefore: Date, notAfter: Date): CheckOutcome {
  if (when < notBefore) return outcome('validity', false, vi.signature.notYetValid(date(notBefore)));
  if (when > notAfter) return outcome('validity', false, vi.signature.expired(date(notAfter)));
  return outcome('validity', true, vi.signature.valid(date(notBefore), date(notAfter)));
}

/**
 * Checks a signed PDF: that nothing covered by the signature changed (integrity), that the signer's
 * certificate chains to a trusted authority (trust), that it was valid when the document was signed
 * (validity) and not revoked by then (revocation). `signedAt`, when known from this system's own
 * record, is preferred to the time written in the file, which the signer asserts.
 */
export async function verifySignedPdf(
  pdf: Buffer,
  trust: TrustSettings,
  signedAt?: Date,
): Promise<SignatureVerdict> {
  const fail = (reason: string): SignatureVerdict => ({
    valid: false,
    signer: null,
    issuer: null,
    serial: null,
    signedAt: null,
    checks: [outcome('integrity', false, reason)],
  });
  const found = locate(pdf);
  if (typeof found === 'string') return fail(found);
  const signed = readSignedData(found.cms);
  if (!signed) return fail(vi.signature.unreadable);
  const certs = (signed.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const sid = signed.signerInfos[0]?.sid;
  const signer =
    sid instanceof pkijs.IssuerAndSerialNumber
      ? certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber))
      : undefined;
  if (!signer) return fail(vi.signature.noSignerCertificate);

  const intact = await integrityHolds(signed, found.signedBytes);
  const when = signedAt ?? found.signingTime ?? new Date();
  const notBefore = signer.notBefore.value;
  const notAfter = signer.notAfter.value;
  const issuer = commonName(signer.issuer);
  const serial = serialOf(signer);

  const trusted = await chainTrusted(signer, certs, trust, when);
  const revokedAt = await trust.revokedAt(issuer, serial);
  const revoked = revokedAt !== null && revokedAt.getTime() <= when.getTime();

  const checks: CheckOutcome[] = [
    outcome('integrity', intact, intact ? vi.signature.intact : vi.signature.altered),
    outcome('trust', trusted, trusted ? vi.signature.trusted(issuer) : vi.signature.untrusted(issuer)),
    validityOutcome(when, notBefore, notAfter),
    revoked
      ? outcome('revocation', false, vi.signature.revokedBefore(revokedAt.toISOString()))
      : outcome(
          'revocation',
          true,
          revokedAt ? vi.signature.revokedAfter(date(revokedAt)) : vi.signature.notRevoked,
        ),
  ];
  return {
    valid: checks.every((c) => c.ok),
    signer: commonName(signer.subject),
    issuer,
    serial,
    signedAt: when.toISOString(),
    checks,
  };
}
