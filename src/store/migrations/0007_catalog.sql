-- Procedure catalog (danh mục thủ tục hành chính): sectors, procedures, and their versions.
-- A version's content is one validated JSON document: it is read and published as a whole and
-- never changes once published; the columns beside it are what lists filter and sort on.

CREATE TABLE sector (                                   -- lĩnh vực
  code           text PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40),
  name           text NOT NULL,
  ministry_code  text NOT NULL REFERENCES agency (code)
);

CREATE TABLE procedure (
  code           text PRIMARY KEY CHECK (code ~ '^([12]\.[0-9]{6}(\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2})?|VD\.[0-9]{6})$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
  search_name    text NOT NULL,
  ministry_code  text NOT NULL REFERENCES agency (code),
  sector_code    text NOT NULL REFERENCES sector (code),
  -- An example procedure of the demo catalog, not a real national code.
  example        boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX procedure_ministry ON procedure (ministry_code, code);
CREATE INDEX procedure_sector ON procedure (sector_code, code);

CREATE TABLE procedure_version (
  procedure_code  text NOT NULL REFERENCES procedure (code),
  version_no      integer NOT NULL CHECK (version_no >= 1),
  status          text NOT NULL CHECK (status IN ('draft', 'published', 'superseded')),
  decision_no     text,                                   -- số quyết định công bố
  decision_date   date,
  effective_from  date,
  effective_to    date,
  levels          text[] NOT NULL,
  online_level    text NOT NULL CHECK (online_level IN ('toan_trinh', 'mot_phan', 'thong_tin')),
  content         jsonb NOT NULL,
  content_hash    text NOT NULL,
  created_at      timestamptz NOT NULL,
  published_at    timestamptz,
  PRIMARY KEY (procedure_code, version_no),
  CHECK (effective_to IS NULL OR effective_from IS NULL OR effective_to > effective_from),
  CHECK (status = 'draft' OR (decision_no IS NOT NULL AND decision_date IS NOT NULL AND effective_from IS NOT NULL))
);
-- At most one version of a procedure is the published one in force.
CREATE UNIQUE INDEX procedure_version_one_published ON procedure_version (procedure_code) WHERE status = 'published';

-- A published version is immutable: content and decision can no longer change.
CREATE FUNCTION procedure_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND (NEW.content_hash <> OLD.content_hash OR NEW.decision_no IS DISTINCT FROM OLD.decision_no
      OR NEW.effective_from IS DISTINCT FROM OLD.effective_from) THEN
    RAISE EXCEPTION 'procedure_version %/% is published and cannot change', OLD.procedure_code, OLD.version_no;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER procedure_version_no_edit BEFORE UPDATE ON procedure_version
  FOR EACH ROW EXECUTE FUNCTION procedure_version_immutable();
