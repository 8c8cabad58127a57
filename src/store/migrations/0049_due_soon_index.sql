-- The due-soon worklist's page: with the dossier in the open-dossier index, PostgreSQL reads a
-- narrow window of deadlines off it and sorts the window, without visiting the table. Without it,
-- that path paid a table visit per row, so the planner walked the agency's whole list newest first
-- to find the window's few rows (9,164 buffers, 20 ms at a centre seeing 32,466 dossiers;
-- BENCHMARKS.md, issue 24, fourth pass). A wide window is still read off the list.
DROP INDEX dossier_visibility_open;
CREATE INDEX dossier_visibility_open ON dossier_visibility (agency_code, due_at) INCLUDE (submitted_at, dossier_id)
  WHERE status IN (2, 4);
