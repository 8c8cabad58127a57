import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type Key } from './certificates.js';

/** What signs: the signer's certificate, the certificates up to (not including) the root, the key. */
export interface SigningKey {
  certificate: pkijs.Certificate;
  chain: pkijs.Certificate[];
  privateKey: Key;
}

const oid = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
};

const sha256 = async (data: ArrayBuffer | Uint8Array) =>
  new Uint8Array(await webcrypto.subtle.digest('SHA-256', data));

/**
 * A detached CMS signature in the CAdES baseline shape PAdES asks for: content type, message
 * digest and the ESS signing-certificate-v2 attribute (which binds the signer's certificate into
 * what is signed); the signing time is the PDF signature dictionary's, not a CMS attribute.
 */
async function cadesSignature(content: Buffer, key: SigningKey): Promise<Buffer> {
  const { certificate, chain, privateKey } = key;
  const certHash = await sha256(certificate.toSchema(true).toBER(false));
  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; SHA-256 is the default hash.
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: certHash })] })],
      }),
    ],
  });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: certificate.issuer,
      serialNumber: certificate.serialNumber,
    }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [
        new pkijs.Attribute({
          type: oid.contentType,
          values: [new asn1js.ObjectIdentifier({ value: oid.data })],
        }),
        new pkijs.Attribute({
          type: oid.messageDigest,
          values: [new asn1js.OctetString({ valueHex: await sha256(content) })],
        }),
        new pkijs.Attribute({ type: oid.signingCertificateV2, values: [essCertIdV2] }),
      ],
    }),
  });
  const cms = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: oid.data }),
    signerInfos: [signerInfo],
    certificates: [certificate, ...chain],
  });
  await cms.sign(privateKey, 0, 'SHA-256');
  const info = new pkijs.ContentInfo({ contentType: oid.signedData, content: cms.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

export interface SignatureAppearance {
  signerName: string;
  reason: string;
  location: string;
  signingTime: Date;
}

/**
 * Signs a PDF (PAdES baseline B: ETSI.CAdES.detached) and returns the signed bytes. pdf-lib and
 * @signpdf load at the first signature (docs/style.md, "Libraries loaded at first use").
 */
export async function signPdf(pdf: Uint8Array, key: SigningKey, look: SignatureAppearance): Promise<Buffer> {
  const [{ PDFDocument }, { pdflibAddPlaceholder }, { SignPdf }, { Signer, SUBFILTER_ETSI_CADES_DETACHED }] =
    await Promise.all([
      import('pdf-lib'),
      import('@signpdf/placeholder-pdf-lib'),
      import('@signpdf/signpdf'),
      import('@signpdf/utils'),
    ]);
  class CadesSigner extends Signer {
    override sign(content: Buffer): Promise<Buffer> {
      return cadesSignature(content, key);
    }
  }
  const doc = await PDFDocument.load(pdf);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: look.reason,
    contactInfo: '',
    name: look.signerName,
    location: look.location,
    signingTime: look.signingTime,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    signatureLength: 16384,
    appName: 'motcua',
  });
  const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
  return new SignPdf().sign(prepared, new CadesSigner(), look.signingTime);
}
