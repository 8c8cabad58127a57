-- Where the workflow editor drew each step ({ stepCode: { x, y } }); presentation only, never read
-- by the rules.
ALTER TABLE workflow_template ADD COLUMN layout jsonb;

-- The readiness criteria set (bộ tiêu chí sẵn sàng): built-in criteria are computed from data,
-- manual ones are ticked per procedure and province with evidence. A criterion can be switched off
-- without losing its history.
CREATE TABLE readiness_criterion (
  code         text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description  text,
  kind         text NOT NULL CHECK (kind IN ('builtin', 'manual')),
  active       boolean NOT NULL,
  position     integer NOT NULL,
  updated_at   timestamptz NOT NULL,
  updated_by   uuid REFERENCES account (id)
);
INSERT INTO readiness_criterion (code, name, description, kind, active, position, updated_at) VALUES
  ('published', 'Đã công bố', 'Có phiên bản đã công bố đang áp dụng', 'builtin', true, 1, now()),
  ('workflow', 'Có quy trình', 'Bộ chủ quản đã xây dựng quy trình cho phiên bản đang áp dụng', 'builtin', true, 2, now()),
  ('eform', 'Có biểu mẫu điện tử', 'Thủ tục trực tuyến có ít nhất một biểu mẫu điện tử', 'builtin', true, 3, now()),
  ('bound', 'Đã gắn quy trình', 'Tỉnh đã gắn mọi bước của quy trình với cơ quan', 'builtin', true, 4, now()),
  ('staffed', 'Đủ cán bộ', 'Mọi cơ quan được gắn đều có cán bộ giữ vai trò của bước', 'builtin', true, 5, now()),
  ('result_template', 'Có mẫu kết quả', 'Đã có mẫu văn bản kết quả (xác nhận thủ công cho đến khi có kho mẫu)', 'manual', false, 6, now()),
  ('portal_tested', 'Đã thử kết nối Cổng DVCQG', 'Đã kiểm thử đồng bộ với Cổng Dịch vụ công quốc gia (xác nhận thủ công cho đến khi có bộ kết nối)', 'manual', false, 7, now());

-- Ticks of manual criteria, per procedure and province: history only added to, the latest counts.
CREATE TABLE readiness_attestation (
  procedure_code  text NOT NULL REFERENCES procedure (code),
  province_code   text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  criterion_code  text NOT NULL REFERENCES readiness_criterion (code),
  revision        integer NOT NULL CHECK (revision >= 1),
  met             boolean NOT NULL,
  evidence        text NOT NULL CHECK (length(evidence) BETWEEN 1 AND 2000),
  attested_at     timestamptz NOT NULL,
  attested_by     uuid REFERENCES account (id),
  PRIMARY KEY (procedure_code, province_code, criterion_code, revision)
);
