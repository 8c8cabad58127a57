/**
 * Whether an error means the database could not be reached or went away mid-statement (restart,
 * failover, network), as opposed to a statement it refused: the first is the system's outage, to
 * answer 503 with a retry, never the client's fault and never a 500.
 */
export function isConnectionLost(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, message } = e as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // SQLSTATE class 08 (connection exception); 57P01–57P03 (shut down, crashed, cannot connect now);
    // 53300 (no connection slot left); 25006 (a write reached a standby not yet promoted, mid-failover).
    if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300', '25006'].includes(code)) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code))
      return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|connection (?:is )?(?:closed|ended)|Client has encountered a connection error|terminating connection|the database system is (?:starting up|shutting down|in recovery mode)/i.test(
      message,
    )
  );
}
