import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * X.509 certificates made and read with PKI.js (the PKIjs project's CMS/X.509 library on WebCrypto):
 * what the local test certificate authority issues, and the helpers verification shares.
 */

/** A WebCrypto key (Node's own type: the build does not include the DOM library). */
export type Key = webcrypto.CryptoKey;

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never }));

export const rsaSha256 = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
} as const;

export interface KeyPair {
  privateKey: Key;
  publicKey: Key;
}

export async function generateKeyPair(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(rsaSha256, true, ['sign', 'verify'])) as KeyPair;
}

/** A distinguished name: common name, organisation, country VN. */
export interface Name {
  commonName: string;
  organization?: string;
}

function rdn(name: Name): pkijs.RelativeDistinguishedNames {
  const attrs = [
    new pkijs.AttributeTypeAndValue({ type: '2.5.4.6', value: new asn1js.PrintableString({ value: 'VN' }) }),
    ...(name.organization
      ? [
          new pkijs.AttributeTypeAndValue({
            type: '2.5.4.10',
            value: new asn1js.Utf8String({ value: name.organization }),
          }),
        ]
      : []),
    new pkijs.AttributeTypeAndValue({
      type: '2.5.4.3',
      value: new asn1js.Utf8String({ value: name.commonName }),
    }),
  ];
  return new pkijs.RelativeDistinguishedNames({ typesAndValues: attrs });
}

/** The common name of a certificate's subject (or issuer). */
export function commonName(names: pkijs.RelativeDistinguishedNames): string {
  const cn = names.typesAndValues.find((t) => t.type === '2.5.4.3');
  return cn ? String((cn.value as { valueBlock: { value: string } }).valueBlock.value) : '';
}

export interface IssueRequest {
  subject: Name;
  publicKey: Key;
  serial: bigint;
  notBefore: Date;
  notAfter: Date;
  /** A certificate authority's certificate (may sign certificates), or an end entity's (signs documents). */
  authority: boolean;
  /** Who signs it; absent for a self-signed root. */
  issuer?: { certificate: pkijs.Certificate; privateKey: Key };
  /** The root's own key when self-signed. */
  selfKey?: Key;
}

function serialBytes(serial: bigint): Uint8Array {
  let hex = serial.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex; // stays positive in DER
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function serialOf(certificate: pkijs.Certificate): string {
  return Buffer.from(certificate.serialNumber.valueBlock.valueHexView)
    .toString('hex')
    .replace(/^(00)+(?=.)/, '');
}

export async function issueCertificate(req: IssueRequest): Promise<pkijs.Certificate> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: serialBytes(req.serial) });
  cert.subject = rdn(req.subject);
  cert.issuer = req.issuer ? req.issuer.certificate.subject : rdn(req.subject);
  cert.notBefore.value = req.notBefore;
  cert.notAfter.value = req.notAfter;
  const basic = new pkijs.BasicConstraints({ cA: req.authority });
  // keyUsage bits: digitalSignature(0) nonRepudiation(1) for signers; keyCertSign(5) cRLSign(6) for CAs.
  const usage = new asn1js.BitString({
    valueHex: Uint8Array.from([req.authority ? 0x06 : 0xc0]).buffer,
    unusedBits: 0,
  });
  cert.extensions = [
    new pkijs.Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: basic.toSchema().toBER(false),
      parsedValue: basic,
    }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: usage.toBER(false) }),
  ];
  await cert.subjectPublicKeyInfo.importKey(req.publicKey);
  const signingKey = req.issuer?.privateKey ?? req.selfKey;
  if (!signingKey) throw new Error('a certificate needs an issuer or its own key');
  await cert.sign(signingKey, 'SHA-256');
  return cert;
}

export function certificateToPem(cert: pkijs.Certificate): string {
  const b64 = Buffer.from(cert.toSchema(true).toBER(false)).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

export function certificateFromDer(der: ArrayBuffer | Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(Uint8Array.from(der instanceof Uint8Array ? der : new Uint8Array(der)));
}

/** Every certificate of a PEM bundle (e.g. the trusted roots of the national PKI). */
export function certificatesFromPem(bundle: string): pkijs.Certificate[] {
  return (bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(
    certificateFromPem,
  );
}

export function certificateFromPem(pem: string): pkijs.Certificate {
  const b64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return certificateFromDer(Buffer.from(b64, 'base64'));
}

export async function privateKeyToPem(key: Key): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
}

export async function privateKeyFromPem(pem: string): Promise<Key> {
  const der = Buffer.from(
    pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, ''),
    'base64',
  );
  return await webcrypto.subtle.importKey('pkcs8', der, rsaSha256, true, ['sign']);
}
