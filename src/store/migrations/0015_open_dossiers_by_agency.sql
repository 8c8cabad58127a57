-- The "my agency's queue" page (received or in processing, newest first) read straight off an index
-- in order: 50 rows cost 50 index entries, however many dossiers the agency holds.
CREATE INDEX dossier_open_by_agency ON dossier (agency_code, submitted_at DESC, id DESC) WHERE status IN (2, 4);
