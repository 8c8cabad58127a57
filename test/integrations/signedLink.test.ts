import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { signLink, verifyLink, type LinkKey } from '../../src/integrations/http/signedLink.js';

const key = (id: string, fill: number): LinkKey => ({ id, secret: Buffer.alloc(32, fill) });
const k1 = key('k1', 1);
const k2 = key('k2', 2);
const keys = (id: string) => [k1, k2].find((k) => k.id === id);
const now = new Date('2026-12-06T10:00:00Z');
const later = new Date('2026-12-20T10:00:00Z');
const query = (link: string) => Object.fromEntries(new URLSearchParams(link.split('?')[1]));
const path = '/api/v1/public/files/documents/2b1f6a3e-8a51-4a6e-9d4e-6f1f0d1c2a3b';

describe('signed, expiring links', () => {
  it('opens until its expiry, then is expired; under either key', () => {
    for (const k of [k1, k2]) {
      const link = signLink(path, later, k);
      assert.equal(verifyLink(path, query(link), keys, now), 'valid');
      assert.equal(verifyLink(path, query(link), keys, later), 'expired');
    }
  });

  it('is forged when anything is changed: the path, the expiry, the key, the signature (property)', () => {
    const link = signLink(path, later, k1);
    const q = query(link);
    fc.assert(
      fc.property(
        fc.constantFrom('path', 'e', 'k', 's', 'missing'),
        fc.string({ minLength: 1, maxLength: 60 }),
        (part, junk) => {
          const p = part === 'path' ? `${path}x${junk}` : path;
          const changed: Record<string, string | undefined> = { ...q };
          if (part === 'e') changed['e'] = String(Number(q['e']) + 1 + junk.length);
          if (part === 'k') changed['k'] = changed['k'] === 'k2' ? 'k1' : 'k2';
          if (part === 's') changed['s'] = `${q['s']!.slice(0, -1)}${q['s']!.endsWith('A') ? 'B' : 'A'}`;
          if (part === 'missing') changed[['e', 'k', 's'][junk.length % 3]!] = undefined;
          assert.equal(verifyLink(p, changed, keys, now), 'forged');
        },
      ),
    );
  });

  it('is forged when its key is no longer honoured', () => {
    const link = signLink(path, later, k1);
    assert.equal(
      verifyLink(path, query(link), (id) => (id === 'k2' ? k2 : undefined), now),
      'forged',
    );
  });
});
