-- What citizens do on the national portal, received by motcua (issue 22, item 2).
--
-- Each event the portal sends is kept under the portal's own id (a repeat changes nothing) and its
-- number among the dossier's events on the portal (`seq`, from 1): an event is applied only after
-- every earlier one, so one that arrives early waits as `pending`. An event the dossier cannot take
-- (a supplement for a dossier no longer waiting for one) is kept as `refused` with the reason; one
-- applied after its wait for a missing predecessor ran out says so in `outcome`. File contents are
-- kept in the file store; `body` holds their hashes.
CREATE TABLE portal_event (
  event_id     text PRIMARY KEY CHECK (length(event_id) BETWEEN 1 AND 100),
  dossier_id   uuid NOT NULL REFERENCES dossier (id),
  seq          integer NOT NULL CHECK (seq BETWEEN 1 AND 1000000),
  kind         text NOT NULL CHECK (kind IN ('supplement', 'withdrawal', 'payment', 'rating', 'message')),
  occurred_at  timestamptz NOT NULL,
  received_at  timestamptz NOT NULL,
  client_id    uuid NOT NULL REFERENCES api_client (id),
  body         jsonb NOT NULL,
  digest       text NOT NULL,
  state        text NOT NULL CHECK (state IN ('pending', 'applied', 'refused')),
  outcome      text,
  applied_at   timestamptz,
  -- The processing-log entry it made, when it moved the dossier.
  log_seq      integer,
  -- Something an official must answer (a withdrawal request, a message), until handled.
  attention    boolean NOT NULL DEFAULT false,
  handled_at   timestamptz,
  handled_by   uuid REFERENCES account (id),
  UNIQUE (dossier_id, seq)
);
CREATE INDEX portal_event_pending ON portal_event (received_at) WHERE state = 'pending';
CREATE INDEX portal_event_attention ON portal_event (dossier_id) WHERE attention AND handled_at IS NULL;

-- Messages between the officials and the applicant on a dossier (by the portal, SMS, e-mail).
CREATE TABLE dossier_message (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id  uuid NOT NULL REFERENCES dossier (id),
  direction   text NOT NULL CHECK (direction IN ('from_applicant', 'to_applicant')),
  -- How it came, or every way it was sent.
  channels    text[] NOT NULL CHECK (channels <@ ARRAY['portal', 'sms', 'email', 'counter'] AND cardinality(channels) >= 1),
  sender      text NOT NULL CHECK (length(sender) BETWEEN 1 AND 200),
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  at          timestamptz NOT NULL,
  event_id    text REFERENCES portal_event (event_id),
  account_id  uuid REFERENCES account (id)
);
CREATE INDEX dossier_message_dossier ON dossier_message (dossier_id, at);

-- The words of each notice to applicants (issue 22 §3): a ministry sets them per procedure, a
-- province may override them for its own dossiers; every save is a new version, the newest in force.
-- Without either, the default words apply.
CREATE TABLE notice_template (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  procedure_code  text NOT NULL REFERENCES procedure (code),
  province_code   text,
  event           text NOT NULL CHECK (event IN ('received', 'supplement', 'extension', 'result_ready',
                                                 'refused', 'stopped', 'payment', 'withdrawn')),
  version         integer NOT NULL CHECK (version >= 1),
  text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 600),
  subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  created_by      uuid NOT NULL REFERENCES account (id),
  created_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX notice_template_version
  ON notice_template (procedure_code, event, coalesce(province_code, ''), version);

-- The SMS sender name (brandname) each province registered with the carriers.
CREATE TABLE province_sms_brandname (
  province_code  text PRIMARY KEY,
  brandname      text NOT NULL CHECK (brandname ~ '^[A-Za-z0-9 ._-]{1,11}$'),
  updated_by     uuid NOT NULL REFERENCES account (id),
  updated_at     timestamptz NOT NULL
);
