-- Documents of a dossier's components. The bytes live in the content-addressed file store under
-- their SHA-256 (the same bytes kept once); each upload of a component is a new version, earlier
-- versions stay (a supplement replaces a component without erasing what was first received).
CREATE TABLE dossier_document (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id      uuid NOT NULL REFERENCES dossier (id),
  component_code  text NOT NULL,
  version         integer NOT NULL CHECK (version >= 1),
  sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size            bigint NOT NULL CHECK (size >= 0),
  content_type    text NOT NULL,
  pages           integer CHECK (pages >= 1),
  file_name       text NOT NULL,
  digitization    smallint NOT NULL CHECK (digitization BETWEEN 0 AND 3),
  uploaded_by     uuid REFERENCES account (id),
  uploaded_at     timestamptz NOT NULL,
  UNIQUE (dossier_id, component_code, version)
);
CREATE INDEX dossier_document_sha256 ON dossier_document (sha256);
