-- The steering dashboard (điều hành): today's intake and results are read from the dossiers and
-- their log by time, not from the monthly sums.
CREATE INDEX dossier_received_at ON dossier (received_at) WHERE received_at IS NOT NULL;
-- Only the moves that finish a dossier (into withdrawn, resolved or returned from outside them).
CREATE INDEX dossier_action_finishing ON dossier_action (at)
  WHERE to_status IN (7, 9, 10) AND from_status NOT IN (7, 9, 10);
CREATE INDEX dossier_action_returning ON dossier_action (at) WHERE to_status = 10 AND from_status <> 10;
