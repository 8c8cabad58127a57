-- Practice mode (issue 23 §1): before and during a switch-over, a commune or a province's agency
-- practises a procedure on practice dossiers that run the real workflow, forms and deadlines but
-- never leave the system (no portal, no message to a citizen, no warehouse), are never counted,
-- and are wiped per agency when the class is over.

-- Where practice is open: an agency, for a procedure, opened by the administrator of its area.
CREATE TABLE practice_scope (
  agency_code    text NOT NULL REFERENCES agency (code),
  procedure_code text NOT NULL REFERENCES procedure (code),
  opened_at      timestamptz NOT NULL,
  opened_by      uuid NOT NULL REFERENCES account (id),
  PRIMARY KEY (agency_code, procedure_code)
);

-- A practice dossier is marked for good; existing dossiers are real.
ALTER TABLE dossier ADD COLUMN practice boolean NOT NULL DEFAULT false;
CREATE INDEX dossier_practice ON dossier (received_by_agency) WHERE practice;

-- Practice dossiers take their codes from a sequence of their own: the real one stays gapless.
ALTER TABLE dossier_sequence ADD COLUMN practice boolean NOT NULL DEFAULT false;
ALTER TABLE dossier_sequence DROP CONSTRAINT dossier_sequence_pkey;
ALTER TABLE dossier_sequence ADD PRIMARY KEY (agency_code, day, practice);

-- The log is only added to, except (0034) a migration run's rows removed as a unit inside the
-- transaction that says so, and now a practice dossier wiped with everything it holds.
CREATE OR REPLACE FUNCTION dossier_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('motcua.migration_rollback', true) = 'on' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM dossier WHERE id = OLD.dossier_id AND practice) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'dossier_action is append-only';
END;
$$;

-- The training handbook's chapter on practice, linking to where it is kept.
INSERT INTO guide (key, kind, roles, position, revision) VALUES
  ('practice', 'role', '{receiver,processor,leader,province_admin,commune_admin,system_admin}', 7, 1);
INSERT INTO guide_revision (guide_key, revision, title, body, saved_at) VALUES
('practice', 1, 'Thử nghiệm và đào tạo trước khi chuyển đổi', $md$
1. Quản trị tỉnh hoặc xã mở [Thử nghiệm, đào tạo](/thu-nghiem), chọn cơ quan và thủ tục, nhấn “Mở thử nghiệm”. Thủ tục chưa chuyển sang tiếp nhận tập trung vẫn thử nghiệm được.
2. Giảng viên nhấn “Tạo hồ sơ cho lớp” (số hồ sơ mỗi bước): mỗi bước của quy trình (tiếp nhận, thẩm định, phê duyệt, trả kết quả) có sẵn hồ sơ để học viên làm tiếp.
3. Tại [Tiếp nhận hồ sơ](/tiep-nhan), cán bộ một cửa bật “Hồ sơ thử nghiệm (đào tạo)” rồi tiếp nhận như thật. Hồ sơ có mã bắt đầu bằng **THUNGHIEM-**, trang hồ sơ có dải đỏ **THỬ NGHIỆM**, Mẫu 01 in chữ THỬ NGHIỆM chìm và dòng “không có giá trị pháp lý”.
4. Chuyên viên, lãnh đạo xử lý hồ sơ thử nghiệm trong [Hồ sơ](/ho-so) như hồ sơ thật: chuyển bước, lấy ý kiến, yêu cầu bổ sung, phê duyệt, trả kết quả, với đúng thời hạn theo lịch làm việc.
5. Hồ sơ thử nghiệm không gửi lên Cổng DVCQG, không nhắn SMS hay thư cho người nộp, không vào Kho dữ liệu của công dân, không tính vào chỉ số, điều hành và báo cáo tháng; người dân không tra cứu được.
6. Hết lớp: quản trị địa bàn nhấn “Xóa hồ sơ thử nghiệm” của cơ quan. Chỉ hồ sơ thử nghiệm bị xóa; việc xóa được ghi vào nhật ký.
$md$, '2026-12-07T00:00:00+07:00');
