import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  certificateFromPem,
  certificatesFromPem,
  generateKeyPair,
  privateKeyFromPem,
} from '../../src/app/signing/certificates.js';
import { LocalCertificateAuthority } from '../../src/app/signing/localCertificateAuthority.js';
import { signPdf } from '../../src/app/signing/pdfSignature.js';
import type { SignatureVerdict } from '../../src/app/signing/verifySignedPdf.js';
import { vietnamesePdf } from '../../src/app/forms/pdfDocument.js';

const failed = (v: SignatureVerdict) => v.checks.filter((c) => !c.ok).map((c) => c.check);
const leader = {
  accountId: '7f1c2d8e-0000-4000-8000-000000000001',
  name: 'Trần Văn Lãnh',
  agency: 'Trung tâm PVHCC',
};

async function aPdf(text: string): Promise<Buffer> {
  const { doc, bytes } = await vietnamesePdf({ size: 'A4' });
  doc.font('r').fontSize(14).text(text);
  doc.end();
  return bytes;
}

describe('signing results (PAdES) and verifying them', () => {
  let dir: string;
  let ca: LocalCertificateAuthority;
  let pdf: Buffer;
  const at = new Date('2026-11-20T03:00:00Z');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motcua-ca-'));
    ca = await LocalCertificateAuthority.open(join(dir, 'pki'), { now: new Date('2023-01-01') });
    pdf = await aPdf('Phiếu lý lịch tư pháp số 12/2026 — Nguyễn Thị Mai');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('signs and verifies a result: every check passes, with the signer and time', async () => {
    const signed = await ca.sign(pdf, leader, at);
    assert.match(signed.pdf.toString('latin1'), /ETSI\.CAdES\.detached/);
    const v = await ca.verify(signed.pdf);
    assert.deepEqual(failed(v), [], JSON.stringify(v.checks));
    assert.equal(v.valid, true);
    assert.equal(v.signer, leader.name);
    assert.equal(v.serial, signed.serial);
    assert.equal(v.signedAt, at.toISOString());
    // The same official signs again with the same certificate.
    assert.equal((await ca.sign(pdf, leader, at)).serial, signed.serial);
  });

  it('finds a one-byte change anywhere the signature covers', async () => {
    const signed = (await ca.sign(pdf, leader, at)).pdf;
    const contents = signed.indexOf('/Contents <');
    for (const offset of [10, Math.floor(signed.length / 3), contents - 200, signed.length - 10]) {
      const tampered = Buffer.from(signed);
      tampered[offset] = (tampered[offset] ?? 0) ^ 0x01;
      const v = await ca.verify(tampered);
      assert.equal(v.valid, false, `byte ${offset}`);
      assert.deepEqual(
        v.checks.find((c) => c.check === 'integrity')?.ok,
        false,
        `byte ${offset}: ${JSON.stringify(v.checks)}`,
      );
    }
    // Bytes appended after signing are outside the signature: also refused.
    const v = await ca.verify(Buffer.concat([signed, Buffer.from('\n% thêm\n')]));
    assert.deepEqual(failed(v), ['integrity']);
  });

  it('names an expired certificate as expired at signing time', async () => {
    const keys = await generateKeyPair();
    const old = await ca.issue(
      { commonName: 'Cán bộ cũ' },
      keys.publicKey,
      new Date('2024-01-01'),
      new Date('2025-01-01'),
    );
    const signed = await signPdf(
      pdf,
      { certificate: old, chain: [], privateKey: keys.privateKey },
      {
        signerName: 'Cán bộ cũ',
        reason: 'Thử',
        location: 'Hà Nội',
        signingTime: at,
      },
    );
    const v = await ca.verify(signed);
    assert.deepEqual(failed(v), ['validity']);
    assert.match(v.checks.find((c) => c.check === 'validity')?.reason ?? '', /hết hạn/);
  });

  it('names a certificate from an untrusted issuer', async () => {
    const stranger = await LocalCertificateAuthority.open(join(dir, 'other'), {
      name: 'CA lạ',
      now: new Date('2026-01-01'),
    });
    const signed = await stranger.sign(pdf, leader, at);
    const v = await ca.verify(signed.pdf);
    assert.deepEqual(failed(v), ['trust']);
    assert.match(v.checks.find((c) => c.check === 'trust')?.reason ?? '', /CA lạ/);
    // Configured as a further trust anchor (a PEM bundle, as TRUST_ANCHORS_FILE gives it), it is trusted.
    const bundle = await readFile(join(dir, 'other', 'ca.crt.pem'), 'utf8');
    const trusting = await LocalCertificateAuthority.open(join(dir, 'pki'), {
      anchors: certificatesFromPem(bundle + bundle),
    });
    assert.equal((await trusting.verify(signed.pdf)).valid, true);
  });

  it('names a revoked certificate, and keeps valid what was signed before the revocation', async () => {
    const other = { ...leader, accountId: '7f1c2d8e-0000-4000-8000-000000000002', name: 'Lê Thị Thu' };
    const before = await ca.sign(pdf, other, new Date('2026-11-01T03:00:00Z'));
    await ca.revoke(before.serial, new Date('2026-11-10T00:00:00Z'));
    // The revoked key is still on disk: a signature made with it after the revocation.
    const base = join(dir, 'pki', 'officials', other.accountId);
    const afterRevocation = await signPdf(
      pdf,
      {
        certificate: certificateFromPem(await readFile(`${base}.crt.pem`, 'utf8')),
        chain: [],
        privateKey: await privateKeyFromPem(await readFile(`${base}.key.pem`, 'utf8')),
      },
      { signerName: other.name, reason: 'Thử', location: 'Hà Nội', signingTime: at },
    );
    const v = await ca.verify(afterRevocation);
    assert.deepEqual(failed(v), ['revocation']);
    assert.match(v.checks.find((c) => c.check === 'revocation')?.reason ?? '', /thu hồi/);
    assert.equal((await ca.verify(before.pdf)).valid, true);
    // Signing again issues a new certificate instead of using the revoked one.
    const renewed = await ca.sign(pdf, other, at);
    assert.notEqual(renewed.serial, before.serial);
    assert.equal((await ca.verify(renewed.pdf)).valid, true);
  });

  it('refuses a file with no signature, and a signature the record dates otherwise', async () => {
    assert.deepEqual(failed(await ca.verify(pdf)), ['integrity']);
    const signed = await ca.sign(pdf, leader, at);
    const v = await ca.verify(signed.pdf, new Date('2030-01-01'));
    assert.deepEqual(failed(v), ['validity']);
  });
});
