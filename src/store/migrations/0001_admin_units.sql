-- Administrative units (đơn vị hành chính): provinces and communes, with validity over time.
-- GSO codes are reused across reorganizations (the 2025 commune 00004 kept the code of one of the
-- wards merged into it), so a unit is identified by (code, valid_from), not by code alone.
CREATE TABLE admin_unit (
  code         text NOT NULL CHECK (code ~ '^[0-9]{2}([0-9]{3})?$'),
  valid_from   date NOT NULL,
  valid_to     date,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  search_name  text NOT NULL,
  level        text NOT NULL CHECK (level IN ('province', 'commune')),
  kind         text NOT NULL CHECK (kind IN ('tinh', 'thanh_pho', 'xa', 'phuong', 'dac_khu')),
  parent_code  text,
  PRIMARY KEY (code, valid_from),
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  CHECK ((level = 'province') = (parent_code IS NULL)),
  CHECK ((level = 'province') = (length(code) = 2))
);

-- At most one unit per code is open-ended (current).
CREATE UNIQUE INDEX admin_unit_current_code ON admin_unit (code) WHERE valid_to IS NULL;
CREATE INDEX admin_unit_parent ON admin_unit (parent_code, code);
CREATE INDEX admin_unit_level ON admin_unit (level, code);

-- Lineage (nguồn gốc): the earlier units a unit was formed from, in full or in part.
-- The predecessor is kept by its own code and name at the time, so it needs no row of its own.
CREATE TABLE admin_unit_lineage (
  unit_code          text NOT NULL,
  unit_valid_from    date NOT NULL,
  predecessor_code   text NOT NULL,
  predecessor_name   text NOT NULL,
  merge_type         text NOT NULL CHECK (merge_type IN ('full', 'partial')),
  PRIMARY KEY (unit_code, unit_valid_from, predecessor_code),
  FOREIGN KEY (unit_code, unit_valid_from) REFERENCES admin_unit (code, valid_from)
);
CREATE INDEX admin_unit_lineage_predecessor ON admin_unit_lineage (predecessor_code);
