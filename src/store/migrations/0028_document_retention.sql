-- A document whose file was deleted at the end of its retention period keeps its record (what was
-- received, its hash, when) with the moment its bytes were deleted.
ALTER TABLE dossier_document ADD COLUMN purged_at timestamptz;
