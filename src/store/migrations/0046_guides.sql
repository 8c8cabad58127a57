-- Guides (issue 23 §6): the in-app help as content. The system administrator edits the guide of
-- each role; the ministry that owns a procedure edits its technical guidance. Every save is a
-- revision kept for good; `guide.revision` names the one in force.
CREATE TABLE guide (
  key text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('role', 'procedure')),
  -- For a role guide: the roles it opens for on the help page (none: everyone, e.g. citizens).
  roles text[] NOT NULL DEFAULT '{}',
  procedure_code text REFERENCES procedure (code),
  position integer NOT NULL DEFAULT 0,
  revision integer NOT NULL CHECK (revision > 0),
  CHECK ((kind = 'procedure') = (procedure_code IS NOT NULL))
);
CREATE UNIQUE INDEX guide_procedure ON guide (procedure_code) WHERE procedure_code IS NOT NULL;

CREATE TABLE guide_revision (
  guide_key text NOT NULL REFERENCES guide (key),
  revision integer NOT NULL CHECK (revision > 0),
  title text NOT NULL,
  body text NOT NULL,
  saved_at timestamptz NOT NULL,
  saved_by uuid REFERENCES account (id),
  PRIMARY KEY (guide_key, revision)
);

-- The guides the product ships with (what the help page held before), as revision 1.
INSERT INTO guide (key, kind, roles, position, revision) VALUES
  ('receiver', 'role', '{receiver}', 1, 1),
  ('processor', 'role', '{processor}', 2, 1),
  ('leader', 'role', '{leader}', 3, 1),
  ('monitor', 'role', '{monitor,national_monitor,leader}', 4, 1),
  ('admin', 'role', '{system_admin,ministry_admin,province_admin,commune_admin}', 5, 1),
  ('citizen', 'role', '{}', 6, 1);

INSERT INTO guide_revision (guide_key, revision, title, body, saved_at) VALUES
('receiver', 1, 'Cán bộ một cửa: tiếp nhận và trả kết quả', $md$
1. Mở [Tiếp nhận hồ sơ](/tiep-nhan). Ô thủ tục có sẵn con trỏ: gõ mã hoặc tên (không dấu cũng được), Enter để chọn; phí, lệ phí hiện ngay bên dưới.
2. Nhập số định danh (12 số): họ tên, xã/phường và địa chỉ được điền sẵn từ CSDL quốc gia về dân cư (kiểm tra lại với giấy tờ); giấy tờ mà CSDL đã cung cấp không cần nhận, không cần quét. Tổ chức: mã số thuế, tên, địa chỉ.
3. Giấy tờ bắt buộc đã được đánh dấu “Đã nhận”. Kéo thả một lần tất cả bản quét (PDF, ảnh) vào ô phía trên danh sách: tệp đặt tên theo mã thành phần (ví dụ TK_1.pdf) vào đúng dòng; hoặc kéo thả vào từng dòng. Tệp khác loại bị từ chối khi lưu. Giấy tờ công dân đã có trong Kho dữ liệu hiện nút “Dùng từ Kho dữ liệu”: bấm để dùng, không cần quét; công dân thấy lần dùng này trong lịch sử truy cập của mình.
4. Tờ khai điện tử: họ tên và số định danh được điền sẵn từ thông tin người nộp.
5. **Ctrl+Enter**: hồ sơ được cấp mã, bản quét được lưu, Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01) mở ở thẻ mới để in. Thiếu giấy tờ bắt buộc thì hệ thống báo thiếu.
6. Hồ sơ chưa đủ: trong trang hồ sơ chọn “Yêu cầu bổ sung”, Phiếu yêu cầu bổ sung (Mẫu 02) mở ra để in; thời gian giải quyết tạm dừng. Khi công dân mang giấy tờ đến: “Tải tệp” cho thành phần đó (thành phiên bản mới), rồi “Nhận hồ sơ bổ sung”.
7. Nghĩa vụ tài chính: “Yêu cầu nghĩa vụ tài chính” tạo yêu cầu trên nền tảng thanh toán; đường dẫn thanh toán hiện trong trang hồ sơ và trang tra cứu của người nộp. Khi người nộp thanh toán xong, hồ sơ tự tiếp tục xử lý và biên lai điện tử được phát hành; hoàn tiền thì biên lai bị hủy.
8. Việc công dân làm trên Cổng DVCQG (bổ sung kèm tệp, yêu cầu rút hồ sơ, thanh toán, đánh giá, tin nhắn) hiện ở thẻ “Người nộp gửi qua Cổng DVCQG” trong trang hồ sơ. Yêu cầu rút và tin nhắn chờ trả lời nằm ở danh sách “Yêu cầu của công dân”.
9. Trả kết quả: danh sách “Chờ trả kết quả”, mở hồ sơ, “Trả kết quả”, ghi số định danh người nhận (trả bản điện tử chỉ được khi kết quả đã ký số); hoặc “Gửi kết quả qua bưu chính”: hồ sơ chuyển “Đã trả kết quả” khi bưu điện báo đã phát.

![Màn hình tiếp nhận hồ sơ](tiep-nhan.png)
$md$, '2026-12-07T00:00:00+07:00'),
('processor', 1, 'Chuyên viên: thẩm định, lấy ý kiến', $md$
1. Mở [Hồ sơ](/ho-so): “Của tôi” là việc được giao, “Của cơ quan” là hàng chờ chung. Hạn tô màu: xanh trong hạn, cam còn dưới một ngày, đỏ quá hạn.
2. Mở hồ sơ; tài liệu xem ngay trong trang, quá trình xử lý ở bảng “Phiếu kiểm soát”.
3. “Chuyển xử lý” sang bước sau; “Lấy ý kiến” gửi cơ quan phối hợp với hạn trả lời riêng; “Chuyển trả bước trước” kèm lý do. Mỗi hộp thoại nói trước điều sẽ xảy ra.
4. Sắp quá hạn mà chưa xong: “Đề nghị gia hạn” kèm lý do và ngày hẹn mới, chờ lãnh đạo duyệt.

![Danh sách hồ sơ](danh-sach-ho-so.png)
$md$, '2026-12-07T00:00:00+07:00'),
('leader', 1, 'Lãnh đạo: phê duyệt, gia hạn', $md$
1. Mở hồ sơ ở bước phê duyệt: “Phê duyệt, ban hành kết quả”, hoặc “Chuyển trả bước trước” kèm lý do. Khi phê duyệt, văn bản kết quả được lập theo mẫu, cấp số theo sổ của cơ quan, ký số bằng chứng thư của bạn và đưa vào Kho dữ liệu của người được cấp; mã QR trên văn bản mở trang xác minh công khai.
2. “Duyệt gia hạn” đổi ngày hẹn; Phiếu xin lỗi và hẹn lại (Mẫu 04) in từ nút “In phiếu”.
3. Ủy quyền cho cấp phó theo thời hạn: quản trị đơn vị cấp quyền có ngày bắt đầu và kết thúc.
$md$, '2026-12-07T00:00:00+07:00'),
('monitor', 1, 'Giám sát, lãnh đạo: điều hành, chỉ số phục vụ, báo cáo', $md$
- [Điều hành](/dieu-hanh) mỗi sáng: hồ sơ tiếp nhận và giải quyết hôm nay, hồ sơ đã quá hạn, đến hạn hôm nay và ngày làm việc tiếp theo, xu hướng 12 tháng, cơ quan được giao việc mà thiếu người giữ vai trò, thủ tục chưa sẵn sàng, thông điệp chưa gửi được tới Cổng Dịch vụ công quốc gia. Màn hình tự cập nhật mỗi phút.
- [Báo cáo tháng](/bao-cao/hang-thang): hệ thống tự lập đầu tháng (cả nước và từng tỉnh); tải Excel, PDF, hoặc số liệu gốc; lập lại khi cần.
- [Phản ánh, kiến nghị](/phan-anh): phân công cán bộ trả lời phản ánh của người dân và khó khăn của các xã, sở; hạn trả lời 10 ngày làm việc; khó khăn về một thủ tục chuyển được lên bộ chủ quản.
- [Chỉ số phục vụ](/bao-cao/chi-so): chọn kỳ; tháng trọn vẹn hoặc từ đầu tháng đến hôm nay được đọc ngay từ số tổng hợp, kỳ khác được tính lại nên chậm hơn.
- Hồ sơ đang nằm ở nơi không có người xử lý hiện màu đỏ ở đầu trang: báo quản trị đơn vị giao vai trò còn thiếu.
- Phạm vi nhiều tỉnh (giám sát toàn quốc): bảng xếp hạng tỉnh, thành phố theo tỷ lệ đúng hạn; bấm tên tỉnh để xem riêng.

![Màn hình điều hành](dieu-hanh.png)
$md$, '2026-12-07T00:00:00+07:00'),
('admin', 1, 'Quản trị: thủ tục, quy trình, tài khoản, lịch làm việc', $md$
- Bộ chủ quản soạn phiên bản thủ tục và quy trình (sơ đồ kéo thả) trong [Thủ tục hành chính](/thu-tuc), và viết hướng dẫn kỹ thuật cho từng thủ tục ở trang này.
- Tỉnh gắn từng bước quy trình với cơ quan thực hiện (“Gắn quy trình”), xã ghi đè khi cần.
- Lời thông báo gửi người nộp (SMS, thư) ở thẻ “Thông báo cho người nộp” trong trang thủ tục; mỗi lần lưu là một phiên bản.
- [Sẵn sàng triển khai](/bao-cao/san-sang) cho biết thủ tục nào đã nhận được hồ sơ ở mỗi tỉnh; hồ sơ không có người xử lý được báo ở danh sách của quản trị.
- [Lịch làm việc](/lich-lam-viec): xác nhận ngày nghỉ của năm khi có quyết định của Thủ tướng.
- Quản trị hệ thống: [Trục tích hợp](/quan-tri/tich-hop) cho biết tin gửi Cổng DVCQG, SMS, thư, thanh toán, bưu chính đang chờ, lỗi hay dừng gửi; sửa nguyên nhân rồi “Gửi lại”. Quản trị hệ thống sửa được các hướng dẫn theo vai trò ở trang này.
$md$, '2026-12-07T00:00:00+07:00'),
('citizen', 1, 'Công dân: tra cứu hồ sơ', $md$
Mở [Tra cứu hồ sơ](/tra-cuu) (hoặc quét mã QR trên phiếu), nhập mã hồ sơ và 4 số cuối giấy tờ tùy thân: trang cho biết trạng thái, cơ quan đang giải quyết, ngày hẹn trả và giấy tờ cần bổ sung. Tin nhắn và thư điện tử báo khi hồ sơ được tiếp nhận, cần bổ sung, được hẹn lại và có kết quả.

Đăng nhập VNeID ở [Dành cho công dân](/cong-dan) để xem Kho dữ liệu (kết quả điện tử, giấy tờ đã số hóa) và ai đã truy cập. Ai nhận được văn bản kết quả có thể kiểm tra ở [Xác minh văn bản](/xac-minh) (quét mã QR trên văn bản).

![Trang tra cứu hồ sơ](tra-cuu.png)
$md$, '2026-12-07T00:00:00+07:00');
