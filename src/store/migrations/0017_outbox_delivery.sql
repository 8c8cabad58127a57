-- Delivery of the outbox by the integration hub (issue 7).
--
-- Order: `position` grows with every message; a dossier's messages to one destination are written by
-- transactions that serialize on the dossier row, so their positions are in commit order and the
-- dispatcher hands out only the oldest undelivered message of each (dossier, destination).
-- A claim is a lease (`claimed_until`): a dispatcher that dies mid-delivery loses it, and another
-- delivers the message again (at least once; the message id lets the receiver drop the repeat).
ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_status_check;
ALTER TABLE outbox_message
  ADD COLUMN position        bigint GENERATED ALWAYS AS IDENTITY,
  ADD COLUMN next_attempt_at timestamptz,  -- NULL: due at once; else the retry time (database clock)
  ADD COLUMN claimed_until   timestamptz,
  ADD COLUMN claimed_by      text,
  ADD COLUMN last_error      text,
  ADD COLUMN delivered_at    timestamptz,
  ADD COLUMN receipt         jsonb,
  ADD CONSTRAINT outbox_message_status_check CHECK (status IN ('pending', 'sent', 'dead'));
DROP INDEX outbox_pending;
-- What a dispatcher looks at: undelivered messages (pending or parked), by key, in order.
CREATE INDEX outbox_open_by_key ON outbox_message (destination, dossier_id, position) WHERE status <> 'sent';
CREATE INDEX outbox_due ON outbox_message (position) WHERE status = 'pending';
CREATE INDEX outbox_delivered ON outbox_message (destination, delivered_at) WHERE status = 'sent';

-- Wake sleeping dispatchers when a transaction that wrote messages commits (NOTIFY is delivered at
-- commit, once per channel and payload per transaction).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_message_notify AFTER INSERT ON outbox_message
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- What the national portal has of each dossier: what we last sent and what it acknowledged,
-- by the dossier's day of receipt and agency, for reconciliation.
CREATE TABLE portal_sync (
  dossier_id    uuid PRIMARY KEY REFERENCES dossier (id),
  code          text NOT NULL,
  agency_code   text NOT NULL,
  day           date NOT NULL,                 -- day of receipt (UTC+7)
  sent_seq      integer NOT NULL DEFAULT 0,    -- the last log entry sent
  sent_status   smallint,
  sent_at       timestamptz,
  acked_seq     integer NOT NULL DEFAULT 0,    -- the last log entry the portal acknowledged
  acked_status  smallint,
  acked_at      timestamptz,
  history_acked integer NOT NULL DEFAULT 0     -- process-history entries acknowledged
);
CREATE INDEX portal_sync_day ON portal_sync (day, agency_code);

-- Reconciliation reports: per day and agency, what we sent vs what the portal acknowledged.
CREATE TABLE portal_reconciliation (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  day         date NOT NULL,
  ran_at      timestamptz NOT NULL,
  trigger     text NOT NULL CHECK (trigger IN ('schedule', 'operator')),
  ours        integer NOT NULL,
  theirs      integer NOT NULL,
  missing     jsonb NOT NULL,   -- codes we have and the portal has not
  duplicates  jsonb NOT NULL,   -- codes the portal holds more than once
  mismatched  jsonb NOT NULL,   -- [{code, ours, theirs}] status differs
  unknown     jsonb NOT NULL,   -- codes the portal has and we have not
  in_flight   integer NOT NULL, -- ours still on their way (not counted as missing or mismatched)
  by_agency   jsonb NOT NULL,   -- {agency: {ours, theirs, missing, mismatched}}
  requeued    integer NOT NULL
);
CREATE INDEX portal_reconciliation_day ON portal_reconciliation (day, ran_at DESC);
