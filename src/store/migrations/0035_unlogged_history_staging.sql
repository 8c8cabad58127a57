-- The history a migration run stages (issue 20) is a working copy of the export's largest file, read
-- again from the export whenever it is lost: it need not be written to the WAL. Unlogged, PostgreSQL
-- empties it after a server crash; a resumed run that finds its staging gone stages it again.
ALTER TABLE migration_history SET UNLOGGED;
