-- Electronic results signed in this system, and each citizen's data warehouse (kho dữ liệu điện tử).

-- A result signed here: its type in the procedure version, who holds it, when and with which
-- certificate it was signed, and the code its QR points to for public verification.
ALTER TABLE dossier_result ADD COLUMN result_type text;
ALTER TABLE dossier_result ADD COLUMN holder_id_number text;
ALTER TABLE dossier_result ADD COLUMN holder_name text;
ALTER TABLE dossier_result ADD COLUMN signed_at timestamptz;
ALTER TABLE dossier_result ADD COLUMN certificate_issuer text;
ALTER TABLE dossier_result ADD COLUMN certificate_serial text;
ALTER TABLE dossier_result ADD COLUMN verification_code text UNIQUE;

-- The local register of results (sổ đăng ký): one sequence per issuing agency and year.
CREATE TABLE result_register (
  agency_code  text NOT NULL,
  year         integer NOT NULL,
  last_number  integer NOT NULL CHECK (last_number >= 1),
  PRIMARY KEY (agency_code, year)
);

-- What a citizen or organization (by ID number) holds: e-results and documents digitized in their
-- dossiers, each with where it came from. `reusable` is the holder's consent to reuse it.
CREATE TABLE warehouse_item (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id_number  text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('result', 'document')),
  type_code        text NOT NULL,        -- the result type's code, or the component's code
  title            text NOT NULL,
  sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size             bigint NOT NULL,
  content_type     text NOT NULL,
  pages            integer,
  number           text,
  issued_on        date,
  issuing_agency   text NOT NULL,
  source_dossier_id uuid NOT NULL REFERENCES dossier (id),
  result_id        uuid UNIQUE REFERENCES dossier_result (id),
  document_id      uuid UNIQUE REFERENCES dossier_document (id),
  reusable         boolean NOT NULL DEFAULT true,
  added_at         timestamptz NOT NULL,
  CHECK ((kind = 'result') = (result_id IS NOT NULL)),
  CHECK ((kind = 'document') = (document_id IS NOT NULL))
);
CREATE INDEX warehouse_item_owner ON warehouse_item (owner_id_number, added_at DESC);

-- Every official access to a warehouse item, with the purpose and the dossier that justified it;
-- the holder reads this as their access history.
CREATE TABLE warehouse_access (
  id               bigserial PRIMARY KEY,
  item_id          uuid NOT NULL REFERENCES warehouse_item (id),
  owner_id_number  text NOT NULL,
  account_id       uuid NOT NULL REFERENCES account (id),
  agency_code      text,
  dossier_id       uuid REFERENCES dossier (id),
  action           text NOT NULL CHECK (action IN ('list', 'view', 'reuse')),
  purpose          text NOT NULL,
  at               timestamptz NOT NULL
);
CREATE INDEX warehouse_access_owner ON warehouse_access (owner_id_number, at DESC);

-- A component taken from the warehouse instead of a new scan, and the page count the counter declared.
ALTER TABLE dossier_document ADD COLUMN reused_from uuid REFERENCES warehouse_item (id);
ALTER TABLE dossier_document ADD COLUMN declared_pages integer CHECK (declared_pages >= 1);
