-- Payments through the national payment platform (DVCQG): one request per "financial obligation"
-- action, written in the action's transaction; the platform's reference and payer link arrive when
-- the outbox delivers it; its signed callback settles it.
CREATE TABLE payment_request (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id    uuid NOT NULL REFERENCES dossier (id),
  amount        bigint NOT NULL CHECK (amount > 0),
  fee_lines     jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'creating'
                CHECK (status IN ('creating', 'waiting', 'paid', 'cancelled', 'refunding', 'refunded')),
  provider_ref  text UNIQUE,        -- MaThanhToan at the platform
  pay_url       text,               -- where the applicant pays
  receipt_no    text,               -- the e-receipt number, once paid
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX payment_request_dossier ON payment_request (dossier_id, created_at DESC);

-- Each signed callback's nonce (payment platform, document management), kept so that a replayed
-- callback is refused.
CREATE TABLE callback_nonce (
  source       text NOT NULL,
  nonce        text NOT NULL,
  received_at  timestamptz NOT NULL,
  PRIMARY KEY (source, nonce)
);
