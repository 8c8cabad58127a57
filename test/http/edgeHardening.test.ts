import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { CitizenSignIn } from '../../src/app/citizens/citizenSignIn.js';
import { startVneidSimulator, type RunningSimulator } from '../../src/integrations/vneid/vneidSimulator.js';
import { rawHttp } from '../support/rawHttp.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { multipart } from '../support/multipart.js';
import { agencyOf, birthDossier, startDemoSystem, unitOf } from '../support/demoSystem.js';

/** A ZIP whose central directory declares one entry of `declared` bytes stored in `stored` bytes. */
function zipDeclaring(declared: number, stored: number): Buffer {
  const name = Buffer.from('word/document.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(stored, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(name.length, 26);
  const data = Buffer.alloc(stored);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(stored, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + name.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, eocd]);
}

/** The low-severity findings of issue 17, item 14, each refused as the issue asks. */
describe(`edges: callbacks, metrics, hosts, origins, active files (${testEngine})`, () => {
  let s: TestServer;
  let port = 0;
  let idp: RunningSimulator;
  let receiver: Signed;
  let code = '';

  before(async () => {
    idp = await startVneidSimulator({ clientId: 'motcua', clientSecret: 'edge-secret-0123456789' });
    s = await startDemoSystem({
      selfUrl: () => 'https://motcua.gov.vn',
      citizenSignIn: new CitizenSignIn({
        issuer: idp.issuer,
        clientId: 'motcua',
        clientSecret: 'edge-secret-0123456789',
      }),
      metrics: { token: 'scraper-token-0123456789', allow: ['127.0.0.1'] },
      integrations: {
        docmgmtSecret: 'docmgmt-secret-0123456789',
        paymentSecret: 'payment-secret-0123456789',
      },
    });
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    port = (s.app.server.address() as { port: number }).port;
    receiver = await signIn(s.app, 'ngocha.motcua');
    code = (await birthDossier(receiver, await unitOf(s, await agencyOf(s, 'ngocha.motcua')))).code;
  });
  after(async () => {
    await s.close();
    await idp.close();
  });

  it('refuses an unsigned callback before reading its body', async () => {
    for (const url of ['/api/v1/docmgmt/callback', '/api/v1/payments/callback']) {
      const res = await fetch(`http://127.0.0.1:${port}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x: 'y'.repeat(2_000_000) }),
      });
      assert.equal(res.status, 401, url);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    }
  });

  it('serves /metrics only to its allowed addresses or its token', async () => {
    assert.equal((await s.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
    const far = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.0.0.9' });
    assert.equal(far.statusCode, 403);
    const withToken = await s.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '10.0.0.9',
      headers: { authorization: 'Bearer scraper-token-0123456789' },
    });
    assert.equal(withToken.statusCode, 200);
  });

  it('refuses two Host headers, and sends citizens back to PUBLIC_URL whatever the Host says', async () => {
    const answer = await rawHttp(
      port,
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
    );
    assert.equal(answer.slice(9, 12), '400', answer.slice(0, 200));
    const res = await s.app.inject({
      method: 'GET',
      url: '/api/v1/citizen/login',
      headers: { host: 'evil.example' },
    });
    assert.equal(res.statusCode, 303, res.body);
    const redirect = new URL(String(res.headers.location)).searchParams.get('redirect_uri');
    assert.equal(redirect, 'https://motcua.gov.vn/api/v1/citizen/callback');
  });

  it('refuses a write whose Origin is another site, and a sign-in sent as text/plain', async () => {
    const forged = await receiver.call(
      'POST',
      `/api/v1/dossiers/${code}/actions`,
      { type: 'receive', expectedVersion: 1 },
      {
        origin: 'https://evil.example',
      },
    );
    assert.equal(forged.statusCode, 403, forged.body);
    const login = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: '{"username":"ngocha.motcua","password":"x"}',
    });
    assert.equal(login.statusCode, 415);
    assert.match(String(login.headers['content-type']), /^application\/problem\+json/);
  });

  it('refuses PDFs that run JavaScript and office files that are zip bombs', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    const js = pdf.context.obj({ S: PDFName.of('JavaScript'), JS: PDFString.of('app.alert(1)') });
    pdf.catalog.set(PDFName.of('OpenAction'), pdf.context.register(js));
    const upload = (name: string, bytes: Buffer) => {
      const body = multipart(name, bytes);
      return receiver.call(
        'POST',
        `/api/v1/dossiers/${code}/documents?component=TK&digitization=1`,
        body.payload,
        {
          'content-type': body.contentType,
        },
      );
    };
    const withJs = await upload('to-khai.pdf', Buffer.from(await pdf.save({ useObjectStreams: true })));
    assert.equal(withJs.statusCode, 415, withJs.body);
    assert.match(withJs.body, /file-active-content/);
    const bomb = await upload('to-khai.docx', zipDeclaring(1_000_000_000, 1000));
    assert.equal(bomb.statusCode, 415, bomb.body);
    const clean = await PDFDocument.create();
    clean.addPage();
    assert.equal((await upload('to-khai.pdf', Buffer.from(await clean.save()))).statusCode, 201);
  });
});
