-- The applicant's rating of a finished dossier (đánh giá mức độ hài lòng): one per dossier, which
-- the applicant may change; it feeds the satisfaction rate (DOMAIN §9).
CREATE TABLE dossier_rating (
  dossier_id  uuid PRIMARY KEY REFERENCES dossier (id),
  level       text NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'neutral', 'unsatisfied')),
  reasons     text[] NOT NULL DEFAULT '{}',
  comment     text CHECK (length(comment) <= 1000),
  rated_at    timestamptz NOT NULL
);
