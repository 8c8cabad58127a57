-- Request rate limits shared by every node behind the load balancer (issue 21): one counter per
-- caller key and window. Unlogged: a count lost in a server crash only gives a caller a fresh
-- minute, and a counter is written on every API request, so it stays out of the WAL (and of the
-- standbys).
CREATE UNLOGGED TABLE rate_limit (
  key          text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL
);
