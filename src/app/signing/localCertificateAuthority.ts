import { vi } from '../../domain/i18n/vi.js';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as pkijs from 'pkijs';
import {
  certificateFromPem,
  certificateToPem,
  commonName,
  generateKeyPair,
  issueCertificate,
  privateKeyFromPem,
  privateKeyToPem,
  type Key,
  serialOf,
} from './certificates.js';
import { signPdf } from './pdfSignature.js';
import type { ResultSigner, Signatory, SignedFile } from './resultSigner.js';
import { verifySignedPdf, type SignatureVerdict } from './verifySignedPdf.js';

const year = 365 * 86_400_000;
const randomSerial = () => BigInt('0x' + randomBytes(12).toString('hex'));

async function readIfThere(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

async function writeAtomically(path: string, text: string, mode = 0o600): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text, { mode });
  await rename(temp, path);
}

/**
 * A test certificate authority for development and trials, kept in a folder of this installation
 * (generated at first use, never shipped or committed): a root that issues each signing official a
 * certificate at their first signature, and the list of certificates it revoked. It trusts its own
 * root and any extra anchors given. Not for real signatures: a production installation signs
 * through a licensed provider's remote signing service behind the same interface.
 */
export class LocalCertificateAuthority implements ResultSigner {
  private constructor(
    private readonly dir: string,
    readonly root: pkijs.Certificate,
    private readonly rootKey: Key,
    private readonly extraAnchors: pkijs.Certificate[],
  ) {}

  static async open(
    dir: string,
    opts: { now?: Date; name?: string; anchors?: pkijs.Certificate[] } = {},
  ): Promise<LocalCertificateAuthority> {
    await mkdir(join(dir, 'officials'), { recursive: true, mode: 0o700 });
    const certPem = await readIfThere(join(dir, 'ca.crt.pem'));
    const keyPem = await readIfThere(join(dir, 'ca.key.pem'));
    if (certPem && keyPem)
      return new LocalCertificateAuthority(
        dir,
        certificateFromPem(certPem),
        await privateKeyFromPem(keyPem),
        opts.anchors ?? [],
      );
    const now = opts.now ?? new Date();
    const keys = await generateKeyPair();
    const root = await issueCertificate({
      subject: {
        commonName: opts.name ?? vi.signature.testCaName,
        organization: 'motcua',
      },
      publicKey: keys.publicKey,
      serial: randomSerial(),
      notBefore: new Date(now.getTime() - 86_400_000),
      notAfter: new Date(now.getTime() + 10 * year),
      authority: true,
      selfKey: keys.privateKey,
    });
    await writeAtomically(join(dir, 'ca.key.pem'), await privateKeyToPem(keys.privateKey));
    await writeAtomically(join(dir, 'ca.crt.pem'), certificateToPem(root), 0o644);
    return new LocalCertificateAuthority(dir, root, keys.privateKey, opts.anchors ?? []);
  }

  get name(): string {
    return commonName(this.root.subject);
  }

  /** Issues a certificate for any key and validity (tests make expired ones with it). */
  async issue(
    subject: { commonName: string; organization?: string },
    publicKey: Key,
    notBefore: Date,
    notAfter: Date,
  ): Promise<pkijs.Certificate> {
    return issueCertificate({
      subject,
      publicKey,
      serial: randomSerial(),
      notBefore,
      notAfter,
      authority: false,
      issuer: { certificate: this.root, privateKey: this.rootKey },
    });
  }

  /** The official's certificate and key, issued (for two years) when they have none valid at `at`. */
  private async keyOf(who: Signatory, at: Date) {
    const base = join(this.dir, 'officials', who.accountId.replace(/[^0-9a-f-]/gi, ''));
    const certPem = await readIfThere(`${base}.crt.pem`);
    const keyPem = await readIfThere(`${base}.key.pem`);
    if (certPem && keyPem) {
      const certificate = certificateFromPem(certPem);
      const revoked = await this.revokedAt(this.name, serialOf(certificate));
      if (certificate.notAfter.value > at && certificate.notBefore.value <= at && !revoked)
        return { certificate, privateKey: await privateKeyFromPem(keyPem) };
    }
    const keys = await generateKeyPair();
    const certificate = await this.issue(
      { commonName: who.name, organization: who.agency },
      keys.publicKey,
      new Date(at.getTime() - 60_000),
      new Date(at.getTime() + 2 * year),
    );
    await writeAtomically(`${base}.key.pem`, await privateKeyToPem(keys.privateKey));
    await writeAtomically(`${base}.crt.pem`, certificateToPem(certificate), 0o644);
    return { certificate, privateKey: keys.privateKey };
  }

  async sign(pdf: Uint8Array, who: Signatory, at: Date): Promise<SignedFile> {
    const { certificate, privateKey } = await this.keyOf(who, at);
    const signed = await signPdf(
      pdf,
      { certificate, chain: [], privateKey },
      {
        signerName: who.name,
        reason: vi.signature.signingReason,
        location: who.agency,
        signingTime: at,
      },
    );
    return { pdf: signed, issuer: this.name, serial: serialOf(certificate) };
  }

  /** Revokes a certificate this authority issued, from `at`. */
  async revoke(serial: string, at: Date): Promise<void> {
    const list = await this.revocations();
    list[serial] = at.toISOString();
    await writeAtomically(join(this.dir, 'revoked.json'), JSON.stringify(list, null, 2), 0o644);
  }

  private async revocations(): Promise<Record<string, string>> {
    const text = await readIfThere(join(this.dir, 'revoked.json'));
    return text ? (JSON.parse(text) as Record<string, string>) : {};
  }

  async revokedAt(issuer: string, serial: string): Promise<Date | null> {
    if (issuer !== this.name) return null;
    const at = (await this.revocations())[serial];
    return at ? new Date(at) : null;
  }

  verify(pdf: Buffer, signedAt?: Date): Promise<SignatureVerdict> {
    return verifySignedPdf(
      pdf,
      { anchors: [this.root, ...this.extraAnchors], revokedAt: (i, s) => this.revokedAt(i, s) },
      signedAt,
    );
  }
}
