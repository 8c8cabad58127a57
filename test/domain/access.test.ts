import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  afterFailure,
  afterSuccess,
  isLocked,
  lockoutDuration,
  maxFailedLogins,
  type LoginCounters,
} from '../../src/domain/access/lockout.js';
import { checkPassword } from '../../src/domain/access/passwordPolicy.js';
import {
  checkGrantable,
  grantActive,
  needsSecondFactor,
  roleDefinitions,
  roles,
} from '../../src/domain/access/roles.js';

describe('checkPassword', () => {
  it('accepts a long passphrase', () => {
    assert.deepEqual(checkPassword('ngựa vằn ăn cỏ non', 'hanoi.motcua'), []);
  });
  it('refuses short, username-bearing, known-weak and one-character passwords', () => {
    assert.ok(checkPassword('Ab1!xyz', 'user').includes('too_short'));
    assert.ok(checkPassword('hanoi.motcua-2026!', 'hanoi.motcua').includes('contains_username'));
    assert.ok(checkPassword('Password1234', 'user').includes('known_weak'));
    assert.ok(checkPassword('aaaaaaaaaaaaaa', 'user').includes('one_character'));
    assert.ok(checkPassword('x'.repeat(129) + 'y', 'user').includes('too_long'));
  });
  it('counts characters, not bytes, for Vietnamese text', () => {
    assert.deepEqual(checkPassword('đường hầm ẩn', 'user'), []);
  });
});

describe('lockout', () => {
  const start: LoginCounters = { failedLogins: 0, lockouts: 0, lockedUntil: null };
  const now = new Date('2026-11-24T03:00:00Z');
  it(`locks on the ${maxFailedLogins}th failure in a row, for a minute the first time`, () => {
    let c = start;
    for (let i = 1; i < maxFailedLogins; i++) {
      c = afterFailure(c, now);
      assert.equal(isLocked(c, now), false);
    }
    c = afterFailure(c, now);
    assert.equal(isLocked(c, now), true);
    assert.equal(c.lockedUntil?.getTime(), now.getTime() + 60_000);
    assert.equal(isLocked(c, new Date(now.getTime() + 60_000)), false);
  });
  it('grows the delay with each lockout, up to a day', () => {
    fc.assert(
      fc.property(fc.nat(100), (n) => {
        assert.ok(lockoutDuration(n + 1) >= lockoutDuration(n));
        assert.ok(lockoutDuration(n) <= 24 * 3_600_000);
        assert.ok(lockoutDuration(n) >= 60_000);
      }),
    );
  });
  it('clears failures on success but remembers past lockouts', () => {
    assert.deepEqual(afterSuccess({ failedLogins: 3, lockouts: 2, lockedUntil: null }), {
      failedLogins: 0,
      lockouts: 2,
      lockedUntil: null,
    });
  });
});

describe('roles', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const g = (
    role: (typeof roles)[number],
    from: string,
    to: string | null = null,
    revoked: string | null = null,
  ) => ({
    role,
    validFrom: new Date(from),
    validTo: to === null ? null : new Date(to),
    revokedAt: revoked === null ? null : new Date(revoked),
  });
  it('honours validity dates and revocation', () => {
    assert.equal(grantActive(g('receiver', '2025-01-01'), now), true);
    assert.equal(grantActive(g('receiver', '2026-06-01'), now), false);
    assert.equal(grantActive(g('receiver', '2025-01-01', '2026-01-01'), now), false);
    assert.equal(grantActive(g('receiver', '2025-01-01', null, '2025-12-01'), now), false);
  });
  it('requires a second factor for every administrator role and only for them', () => {
    for (const r of roles) {
      assert.equal(needsSecondFactor([g(r, '2025-01-01')], now), r.endsWith('_admin'), r);
    }
    assert.equal(needsSecondFactor([g('province_admin', '2025-01-01', '2025-06-01')], now), false);
  });
  it('lets nobody grant above their rank, nor a role at the wrong kind of agency', () => {
    assert.deepEqual(
      checkGrantable('province_admin', 'province_service_center', roleDefinitions.commune_admin.rank),
      ['rank_too_high'],
    );
    assert.deepEqual(checkGrantable('commune_admin', 'province_service_center', 3), [
      'role_not_at_agency_kind',
    ]);
    assert.deepEqual(
      checkGrantable('receiver', 'commune_service_center', roleDefinitions.commune_admin.rank),
      [],
    );
    assert.deepEqual(checkGrantable('system_admin', 'ministry', roleDefinitions.ministry_admin.rank), [
      'rank_too_high',
    ]);
  });
});
