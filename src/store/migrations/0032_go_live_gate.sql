-- The go-live gate (issue 19): a switch to central reception that would leave dossiers where
-- nobody may take them is refused, unless a leader of the owning ministry overrides it in
-- writing; the override, and the gaps it accepted, are kept with the route.
ALTER TABLE deployment_route ADD COLUMN override_reason text CHECK (length(override_reason) BETWEEN 10 AND 2000);
ALTER TABLE deployment_route ADD COLUMN override_by uuid REFERENCES account (id);
ALTER TABLE deployment_route ADD COLUMN override_gaps jsonb;

-- Alerts pushed to administrators (a dossier with nobody to take it, a switch ahead with gaps):
-- the last time each was sent, so a repeated condition is grouped (once an hour, once a day).
CREATE TABLE admin_alert (
  key           text PRIMARY KEY,
  last_sent_at  timestamptz NOT NULL,
  recipients    integer NOT NULL
);
