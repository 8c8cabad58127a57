-- Results returned (and dossiers collected) through the public postal service: an order per
-- request, written in the request's transaction and created at the postal service by the outbox;
-- its tracking number and the carrier's status reports follow.
CREATE TABLE postal_order (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id   uuid NOT NULL REFERENCES dossier (id),
  kind         text NOT NULL CHECK (kind IN ('delivery', 'pickup')),
  status       text NOT NULL DEFAULT 'creating'
               CHECK (status IN ('creating', 'accepted', 'picked_up', 'in_transit', 'delivered', 'failed')),
  tracking_no  text UNIQUE,
  recipient    jsonb NOT NULL,
  events       jsonb NOT NULL DEFAULT '[]',
  created_by   uuid REFERENCES account (id),
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX postal_order_dossier ON postal_order (dossier_id, created_at DESC);
