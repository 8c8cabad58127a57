/** Failed sign-ins allowed in a row before the account locks. */
export const maxFailedLogins = 5;

/**
 * How long the n-th lockout lasts: 1 minute, doubling each time, at most 1 day. The delay grows so
 * that a slow guesser gains nothing, while a forgetful official is back within a minute.
 */
export function lockoutDuration(lockoutsSoFar: number): number {
  const minutes = Math.min(2 ** Math.max(0, lockoutsSoFar), 24 * 60);
  return minutes * 60_000;
}

export interface LoginCounters {
  failedLogins: number;
  lockouts: number;
  lockedUntil: Date | null;
}

export function isLocked(c: LoginCounters, now: Date): boolean {
  return c.lockedUntil !== null && now < c.lockedUntil;
}

/** The counters after one more wrong password; the account locks on the fifth in a row. */
export function afterFailure(c: LoginCounters, now: Date): LoginCounters {
  const failedLogins = c.failedLogins + 1;
  if (failedLogins < maxFailedLogins) return { ...c, failedLogins };
  return {
    failedLogins: 0,
    lockouts: c.lockouts + 1,
    lockedUntil: new Date(now.getTime() + lockoutDuration(c.lockouts)),
  };
}

/** A successful sign-in clears the failures; the lockout count decays only with time (kept). */
export function afterSuccess(c: LoginCounters): LoginCounters {
  return { failedLogins: 0, lockouts: c.lockouts, lockedUntil: null };
}
