-- Dossiers changed since they were last counted into the indicator sums. The transaction that
-- changes a dossier marks it here, under the dossier's row lock, instead of recounting it from its
-- whole log; the folding job counts the marked dossiers in bulk within a second (countDirty), and
-- the live views add their differences meanwhile, so that what they show is exact at every commit
-- (BENCHMARKS.md, issue 24, sixth pass).
CREATE TABLE indicator_dirty (
  dossier_id uuid PRIMARY KEY REFERENCES dossier (id)
);
