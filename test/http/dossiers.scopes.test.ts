import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWithDossier } from '../support/dossierFixtures.js';
import { tinyPng, uploadDocument } from '../support/multipart.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';

/**
 * A dossier received at the Hà Nội centre is Hà Nội's: officials of another province (Nghệ An)
 * neither see it, nor count it, nor act on it, nor read or add its documents, nor print its forms.
 * A dossier they may not see answers 404, as one that does not exist (DOMAIN.md: the code of a
 * dossier elsewhere is not confirmed).
 */
describe(`a dossier's reach: another province sees none of it (${testEngine})`, () => {
  let s: TestServer;
  let receiver: Signed;
  let code = '';
  const clock = new Date('2026-03-02T08:00:00+07:00');
  const names = ['nghean.motcua', 'nghean.chuyenvien', 'nghean.lanhdao'];
  const outsiders: [string, Signed][] = [];

  before(async () => {
    ({ s, receiver, code } = await startWithDossier({}, clock));
    assert.equal(
      (await uploadDocument(s.app, receiver, code, { name: 'to-khai.png', bytes: tinyPng })).statusCode,
      201,
    );
    for (const name of names) outsiders.push([name, await signIn(s.app, name, clock)]);
  });
  after(() => s.close());

  it('keeps another province out of the list and the count', async () => {
    for (const [name, outsider] of outsiders) {
      const list = (await outsider.call('GET', '/api/v1/dossiers?queue=all')).json<{
        items: unknown[];
        total: number;
      }>();
      assert.equal(list.total, 0, name);
      assert.deepEqual(list.items, [], name);
    }
    const mine = (await receiver.call('GET', '/api/v1/dossiers?queue=all')).json<{ total: number }>();
    assert.equal(mine.total, 1, 'the receiving centre sees it');
  });

  it('answers 404 to another province for the dossier and any action on it', async () => {
    for (const [name, outsider] of outsiders) {
      assert.equal((await outsider.call('GET', `/api/v1/dossiers/${code}`)).statusCode, 404, name);
      const act = await outsider.call('POST', `/api/v1/dossiers/${code}/actions`, {
        type: 'stop',
        reason: 'x',
        expectedVersion: 1,
      });
      assert.equal(act.statusCode, 404, name);
    }
  });

  it('keeps another province out of the documents: no list, no content, no upload', async () => {
    const doc = (await receiver.call('GET', `/api/v1/dossiers/${code}/documents`)).json<{
      items: { id: string }[];
    }>().items[0];
    assert.ok(doc);
    for (const [name, outsider] of outsiders) {
      assert.equal((await outsider.call('GET', `/api/v1/dossiers/${code}/documents`)).statusCode, 404);
      assert.equal(
        (await outsider.call('GET', `/api/v1/dossiers/${code}/documents/${doc.id}/content`)).statusCode,
        404,
      );
      const upload = await uploadDocument(s.app, outsider, code, { name: 'a.png', bytes: tinyPng });
      assert.equal(upload.statusCode, 404, name);
    }
    const after = (await receiver.call('GET', `/api/v1/dossiers/${code}/documents`)).json<{
      items: unknown[];
    }>();
    assert.equal(after.items.length, 1, 'nothing was added by the outsiders');
  });

  it('keeps the forms of the dossier from officials who cannot see it', async () => {
    for (const [name, outsider] of outsiders) {
      for (const kind of ['receipt', 'supplement', 'tracking'])
        assert.equal(
          (await outsider.call('GET', `/api/v1/dossiers/${code}/forms/${kind}`)).statusCode,
          404,
          `${name} ${kind}`,
        );
    }
  });
});
