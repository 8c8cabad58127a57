-- Visibility as a narrow table (issue 24): one row per (dossier, agency in its visible_to), with the
-- keys the worklists filter and order by. The visibility-wide queues (overdue, due soon, in
-- supplement, all) count and page off a b-tree, index-only, instead of visiting every visible
-- dossier's heap page through the GIN index on visible_to (60–100 ms at a million dossiers).
--
-- dossier.visible_to stays the truth, written by the commands; this table is derived from it by the
-- trigger below in the same transaction, so it can never disagree with it or lag.
CREATE TABLE dossier_visibility (
  dossier_id   uuid NOT NULL REFERENCES dossier (id) ON DELETE CASCADE,
  agency_code  text NOT NULL,                 -- an agency code, or 'bo:<ministry>' (the ministry's mark)
  status       smallint NOT NULL,
  submitted_at timestamptz NOT NULL,
  due_at       timestamptz,
  PRIMARY KEY (dossier_id, agency_code)
);
-- Every dossier an agency sees, newest first (the 'all' queue, its count, and filtered pages).
CREATE INDEX dossier_visibility_list ON dossier_visibility (agency_code, submitted_at DESC, dossier_id DESC)
  INCLUDE (status, due_at);
-- The open ones by deadline (overdue, due soon): counted from the index alone.
CREATE INDEX dossier_visibility_open ON dossier_visibility (agency_code, due_at) INCLUDE (submitted_at)
  WHERE status IN (2, 4);

CREATE FUNCTION dossier_visibility_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.visible_to IS DISTINCT FROM OLD.visible_to THEN
    DELETE FROM dossier_visibility WHERE dossier_id = NEW.id AND agency_code <> ALL (NEW.visible_to);
  END IF;
  IF TG_OP = 'INSERT' OR NEW.visible_to IS DISTINCT FROM OLD.visible_to THEN
    INSERT INTO dossier_visibility (dossier_id, agency_code, status, submitted_at, due_at)
      SELECT DISTINCT NEW.id, a, NEW.status, NEW.submitted_at, NEW.due_at FROM unnest(NEW.visible_to) a
      ON CONFLICT (dossier_id, agency_code) DO NOTHING;
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.status, NEW.submitted_at, NEW.due_at) IS DISTINCT FROM
                          (OLD.status, OLD.submitted_at, OLD.due_at) THEN
    UPDATE dossier_visibility SET status = NEW.status, submitted_at = NEW.submitted_at, due_at = NEW.due_at
      WHERE dossier_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER dossier_visibility_sync AFTER INSERT OR UPDATE OF visible_to, status, submitted_at, due_at
  ON dossier FOR EACH ROW EXECUTE FUNCTION dossier_visibility_sync();

INSERT INTO dossier_visibility (dossier_id, agency_code, status, submitted_at, due_at)
  SELECT DISTINCT d.id, a, d.status, d.submitted_at, d.due_at FROM dossier d, unnest(d.visible_to) a;

-- Every read now tests visibility against the table; the GIN index is no longer read, and each
-- intake no longer pays for its insert.
DROP INDEX dossier_visible_to;
