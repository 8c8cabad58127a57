-- Agencies (cơ quan, đơn vị), identified by their electronic ID code (mã định danh điện tử,
-- Decision 20/2020/QĐ-TTg). Each sits in one administrative unit, referenced by its code: the unit
-- version is the one valid while the agency is.
CREATE TABLE agency (
  code             text PRIMARY KEY CHECK (code ~ '^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$'),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  search_name      text NOT NULL,
  kind             text NOT NULL CHECK (kind IN (
                     'ministry', 'ministry_unit', 'province_committee', 'department',
                     'province_service_center', 'commune_committee', 'commune_service_center',
                     'vertical_agency')),
  parent_code      text REFERENCES agency (code),
  admin_unit_code  text NOT NULL,
  valid_from       date NOT NULL,
  valid_to         date,
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  CHECK (parent_code IS NULL OR parent_code <> code)
);
CREATE INDEX agency_parent ON agency (parent_code, code);
CREATE INDEX agency_unit ON agency (admin_unit_code, code);
CREATE INDEX agency_kind ON agency (kind, code);
