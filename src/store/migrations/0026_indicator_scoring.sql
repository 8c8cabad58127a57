-- The 100-point score of Decision 766/QĐ-TTg as configuration (src/domain/reports/scoring.ts):
-- group weights and, per criterion, the curve from a rate to a fraction of its points. A new
-- version takes effect on a day; a period is scored by the version in force at its end.
CREATE TABLE indicator_scoring (
  version         integer PRIMARY KEY,
  effective_from  date NOT NULL UNIQUE,
  groups          jsonb NOT NULL,
  note            text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      uuid REFERENCES account (id)
);

-- Version 1, from the switch to two-level local government: the weights of DOMAIN §9, every rate
-- scored linearly (0 % → 0 points, 100 % → all); publicity is scored by the national portal.
INSERT INTO indicator_scoring (version, effective_from, groups, note) VALUES (1, '2025-07-01', '[
  {"code": "publicity", "name": "Công khai, minh bạch", "points": 18, "criteria": []},
  {"code": "progress", "name": "Tiến độ, kết quả giải quyết", "points": 20, "criteria": [
    {"rate": "onTime", "points": 20, "curve": [[0, 0], [1, 1]]}]},
  {"code": "digitization", "name": "Số hóa hồ sơ, kết quả", "points": 22, "criteria": [
    {"rate": "digitization", "points": 8, "curve": [[0, 0], [1, 1]]},
    {"rate": "reuse", "points": 6, "curve": [[0, 0], [1, 1]]},
    {"rate": "resultDigitization", "points": 8, "curve": [[0, 0], [1, 1]]}]},
  {"code": "online", "name": "Dịch vụ công trực tuyến, thanh toán trực tuyến", "points": 22, "criteria": [
    {"rate": "online", "points": 14, "curve": [[0, 0], [1, 1]]},
    {"rate": "onlinePayment", "points": 8, "curve": [[0, 0], [1, 1]]}]},
  {"code": "satisfaction", "name": "Mức độ hài lòng", "points": 18, "criteria": [
    {"rate": "satisfaction", "points": 18, "curve": [[0, 0], [1, 1]]}]}
]', 'Phiên bản đầu: trọng số theo nhóm, tính tuyến tính theo tỷ lệ');
