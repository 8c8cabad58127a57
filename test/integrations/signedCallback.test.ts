import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  callbacksInFlight,
  postSignedRetrying,
  signedHeaders,
} from '../../src/integrations/http/signedCallback.js';

/**
 * A partner platform reporting on a backlog (a demo's month, the queue after an outage) must not
 * open a connection per report: thousands at once fill the receiver's accept queue, and a browser
 * then cannot connect for a minute. The receiver here counts what it holds at once.
 */
describe('signed callbacks of a partner platform', () => {
  let server: Server;
  let url: string;
  let open = 0;
  let most = 0;
  const seen = new Set<string>();
  before(async () => {
    server = createServer((req, res) => {
      open++;
      most = Math.max(most, open);
      let body = '';
      req.on('data', (b: Buffer) => (body += b.toString()));
      req.on('end', () =>
        setTimeout(() => {
          open--;
          // Every seventh report is answered "busy" the first time, and comes again.
          const busy = (JSON.parse(body) as { n: number }).n % 7 === 0 && !seen.has(body);
          seen.add(body);
          res.writeHead(busy ? 503 : 200).end();
        }, 5),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/callback`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('keeps at most a pool’s worth in flight to one receiver, and delivers every one', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, n) => {
        const body = JSON.stringify({ n });
        return postSignedRetrying(url, signedHeaders('secret', body), body, 2);
      }),
    );
    assert.equal(seen.size, 200);
    assert.ok(
      answers.every((s) => s === 200),
      'every callback is answered in the end',
    );
    assert.ok(most <= callbacksInFlight, `${most} callbacks in flight at once`);
    assert.ok(most > 1, 'they do go in parallel');
  });

  it('gives up on an address it cannot read as it does on one it cannot reach', async () => {
    assert.equal(await postSignedRetrying('not a url', {}, '{}', 1), 0);
  });
});
