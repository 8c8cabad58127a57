import { Collapse, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Role } from '../../../src/domain/access/roles.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { useMe } from '../auth';
import { paths } from '../paths';
import { SupportContacts } from '../components/SupportContacts';

type Section = { key: string; title: string; roles: readonly Role[]; body: ReactNode };

/** The user guide, kept in the product (seed 000: "tài liệu điện tử hướng dẫn sử dụng"), by role. */
const sections: Section[] = [
  {
    key: 'receiver',
    title: `${vi.role.receiver}: tiếp nhận và trả kết quả`,
    roles: ['receiver'],
    body: (
      <ol>
        <li>
          Mở <Link to={paths.intake}>Tiếp nhận hồ sơ</Link>. Ô thủ tục có sẵn con trỏ: gõ mã hoặc tên (không
          dấu cũng được), Enter để chọn; phí, lệ phí hiện ngay bên dưới.
        </li>
        <li>
          Nhập số định danh (12 số): họ tên, xã/phường và địa chỉ được điền sẵn từ CSDL quốc gia về dân cư
          (kiểm tra lại với giấy tờ); giấy tờ mà CSDL đã cung cấp không cần nhận, không cần quét. Tổ chức: mã
          số thuế, tên, địa chỉ.
        </li>
        <li>
          Giấy tờ bắt buộc đã được đánh dấu “Đã nhận”. Kéo thả một lần tất cả bản quét (PDF, ảnh) vào ô phía
          trên danh sách: tệp đặt tên theo mã thành phần (ví dụ TK_1.pdf) vào đúng dòng; hoặc kéo thả vào từng
          dòng. Tệp khác loại bị từ chối khi lưu. Giấy tờ công dân đã có trong Kho dữ liệu (kết quả điện tử đã
          cấp, giấy tờ đã số hóa ở hồ sơ trước) hiện nút “Dùng từ Kho dữ liệu”: bấm để dùng, không cần quét;
          công dân thấy lần dùng này trong lịch sử truy cập của mình.
        </li>
        <li>Tờ khai điện tử: họ tên và số định danh được điền sẵn từ thông tin người nộp.</li>
        <li>
          <b>Ctrl+Enter</b>: hồ sơ được cấp mã, bản quét được lưu, Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)
          mở ở thẻ mới để in. Thiếu giấy tờ bắt buộc thì hệ thống báo thiếu.
        </li>
        <li>
          Hồ sơ chưa đủ: trong trang hồ sơ chọn “Yêu cầu bổ sung”, Phiếu yêu cầu bổ sung (Mẫu 02) mở ra để in;
          thời gian giải quyết tạm dừng. Khi công dân mang giấy tờ đến: “Tải tệp” cho thành phần đó (thành
          phiên bản mới), rồi “Nhận hồ sơ bổ sung”.
        </li>
        <li>
          Nghĩa vụ tài chính: “Yêu cầu nghĩa vụ tài chính” tạo yêu cầu trên nền tảng thanh toán; đường dẫn
          thanh toán hiện trong trang hồ sơ và trang tra cứu của người nộp. Khi người nộp thanh toán xong, hồ
          sơ tự tiếp tục xử lý và nhà cung cấp phát hành biên lai điện tử (số biên lai, đường dẫn tra cứu hiện
          ở trang hồ sơ và trang tra cứu của người nộp); hoàn tiền thì biên lai bị hủy.
        </li>
        <li>
          Việc công dân làm trên Cổng DVCQG (bổ sung kèm tệp, yêu cầu rút hồ sơ, thanh toán, đánh giá, tin
          nhắn) hiện ở thẻ “Người nộp gửi qua Cổng DVCQG” trong trang hồ sơ; bổ sung hợp lệ được nhận tự động.
          Yêu cầu rút và tin nhắn chờ trả lời nằm ở danh sách “Yêu cầu của công dân”: chấp nhận rút bằng “Rút
          hồ sơ”, trả lời tin nhắn ở thẻ “Trao đổi với người nộp” (gửi lên Cổng, kèm SMS, thư điện tử).
        </li>
        <li>
          Trả kết quả: danh sách “Chờ trả kết quả”, mở hồ sơ, “Trả kết quả”, ghi số định danh người nhận (trả
          bản điện tử chỉ được khi kết quả đã ký số); hoặc “Gửi kết quả qua bưu chính”: bưu điện cấp số hiệu
          bưu gửi, hồ sơ chuyển “Đã trả kết quả” khi bưu điện báo đã phát.
        </li>
      </ol>
    ),
  },
  {
    key: 'processor',
    title: `${vi.role.processor}: thẩm định, lấy ý kiến`,
    roles: ['processor'],
    body: (
      <ol>
        <li>
          Mở <Link to={paths.dossiers}>Hồ sơ</Link>: “Của tôi” là việc được giao, “Của cơ quan” là hàng chờ
          chung. Hạn tô màu: xanh trong hạn, cam còn dưới một ngày, đỏ quá hạn.
        </li>
        <li>Mở hồ sơ; tài liệu xem ngay trong trang, quá trình xử lý ở bảng “Phiếu kiểm soát”.</li>
        <li>
          “Chuyển xử lý” sang bước sau; “Lấy ý kiến” gửi cơ quan phối hợp với hạn trả lời riêng; “Chuyển trả
          bước trước” kèm lý do. Mỗi hộp thoại nói trước điều sẽ xảy ra.
        </li>
        <li>Sắp quá hạn mà chưa xong: “Đề nghị gia hạn” kèm lý do và ngày hẹn mới, chờ lãnh đạo duyệt.</li>
      </ol>
    ),
  },
  {
    key: 'leader',
    title: `${vi.role.leader}: phê duyệt, gia hạn`,
    roles: ['leader'],
    body: (
      <ol>
        <li>
          Mở hồ sơ ở bước phê duyệt: “Phê duyệt, ban hành kết quả”, hoặc “Chuyển trả bước trước” kèm lý do.
          Khi phê duyệt, văn bản kết quả được lập theo mẫu, cấp số theo sổ của cơ quan, ký số bằng chứng thư
          của bạn và đưa vào Kho dữ liệu của người được cấp; mã QR trên văn bản mở trang xác minh công khai.
        </li>
        <li>“Duyệt gia hạn” đổi ngày hẹn; Phiếu xin lỗi và hẹn lại (Mẫu 04) in từ nút “In phiếu”.</li>
        <li>Ủy quyền cho cấp phó theo thời hạn: quản trị đơn vị cấp quyền có ngày bắt đầu và kết thúc.</li>
      </ol>
    ),
  },
  {
    key: 'monitor',
    title: `${vi.role.monitor}, lãnh đạo: điều hành, chỉ số phục vụ, xếp hạng, hồ sơ không có người xử lý`,
    roles: ['monitor', 'national_monitor', 'leader'],
    body: (
      <ul>
        <li>
          <Link to={paths.monthlyReports}>Báo cáo tháng</Link>: hệ thống tự lập đầu tháng (cả nước và từng
          tỉnh); tải Excel (mỗi phần một trang tính), PDF, hoặc số liệu gốc; lập lại khi cần.
        </li>
        <li>
          <Link to={paths.feedback}>Phản ánh, kiến nghị</Link>: phân công cán bộ trả lời phản ánh của người
          dân và khó khăn của các xã, sở; hạn trả lời 10 ngày làm việc, quá hạn hiện màu đỏ; bảng tổng hợp
          theo lĩnh vực của tháng.
        </li>
        <li>
          <Link to={paths.steering}>Điều hành</Link> mỗi sáng: hồ sơ tiếp nhận và giải quyết hôm nay, hồ sơ đã
          quá hạn, đến hạn hôm nay và ngày làm việc tiếp theo (theo cơ quan, hoặc theo tỉnh với phạm vi toàn
          quốc), xu hướng 12 tháng, cơ quan được giao việc mà thiếu người giữ vai trò, thủ tục chưa sẵn sàng,
          thông điệp chưa gửi được tới Cổng Dịch vụ công quốc gia. Màn hình tự cập nhật mỗi phút.
        </li>
        <li>
          <Link to={paths.indicators}>Chỉ số phục vụ</Link>: chọn kỳ; tháng trọn vẹn hoặc từ đầu tháng đến hôm
          nay được đọc ngay từ số tổng hợp (cập nhật theo từng thao tác, luôn khớp với tính lại từ nhật ký xử
          lý), kỳ khác được tính lại nên chậm hơn.
        </li>
        <li>
          Hồ sơ đang nằm ở nơi không có người xử lý hiện màu đỏ ở đầu trang: báo quản trị đơn vị giao vai trò
          còn thiếu.
        </li>
        <li>
          Phạm vi nhiều tỉnh (giám sát toàn quốc): bảng xếp hạng tỉnh, thành phố theo tỷ lệ đúng hạn; bấm tên
          tỉnh để xem riêng; bảng theo cơ quan xuất được Excel.
        </li>
      </ul>
    ),
  },
  {
    key: 'admin',
    title: 'Quản trị: thủ tục, quy trình, tài khoản, lịch làm việc',
    roles: ['system_admin', 'ministry_admin', 'province_admin', 'commune_admin'],
    body: (
      <ul>
        <li>Bộ chủ quản soạn phiên bản thủ tục và quy trình (sơ đồ kéo thả) trong “Thủ tục hành chính”.</li>
        <li>Tỉnh gắn từng bước quy trình với cơ quan thực hiện (“Gắn quy trình”), xã ghi đè khi cần.</li>
        <li>
          Lời thông báo gửi người nộp (SMS, thư) ở thẻ “Thông báo cho người nộp” trong trang thủ tục: bộ đặt
          lời cho cả nước, tỉnh chọn tỉnh mình để đặt lời riêng; xem trước tin nhắn đúng như gửi, mỗi lần lưu
          là một phiên bản. Tên hiển thị SMS của tỉnh đặt trong trang tỉnh (“Đơn vị hành chính”).
        </li>
        <li>
          <Link to={paths.readiness}>Sẵn sàng triển khai</Link> cho biết thủ tục nào đã nhận được hồ sơ ở mỗi
          tỉnh; hồ sơ “mồ côi” (không ai giữ vai trò của bước) được báo ở danh sách của quản trị.
        </li>
        <li>
          <Link to={paths.calendar}>Lịch làm việc</Link>: xác nhận ngày nghỉ của năm khi có quyết định của Thủ
          tướng.
        </li>
        <li>
          Quản trị hệ thống: <Link to={paths.integrations}>Trục tích hợp</Link> cho biết tin gửi Cổng DVCQG,
          SMS, thư, thanh toán, bưu chính, quản lý văn bản đang chờ, lỗi hay dừng gửi; sửa nguyên nhân rồi
          “Gửi lại”; “Đối soát ngay” so một ngày với Cổng DVCQG.
        </li>
      </ul>
    ),
  },
  {
    key: 'citizen',
    title: 'Công dân: tra cứu hồ sơ',
    roles: [],
    body: (
      <p>
        Mở <Link to={paths.publicStatus}>Tra cứu hồ sơ</Link> (hoặc quét mã QR trên phiếu), nhập mã hồ sơ và 4
        số cuối giấy tờ tùy thân: trang cho biết trạng thái, cơ quan đang giải quyết, ngày hẹn trả và giấy tờ
        cần bổ sung. Tin nhắn và thư điện tử báo khi hồ sơ được tiếp nhận, cần bổ sung, được hẹn lại và có kết
        quả. Đăng nhập VNeID ở <Link to={paths.citizen}>Dành cho công dân</Link> để xem Kho dữ liệu (kết quả
        điện tử, giấy tờ đã số hóa) và ai đã truy cập. Ai nhận được văn bản kết quả có thể kiểm tra ở{' '}
        <Link to={paths.verifyResult}>Xác minh văn bản</Link> (quét mã QR trên văn bản).
      </p>
    ),
  },
];

/** Help by role: the sections of the official's own roles open first. */
export function HelpPage() {
  const roles = new Set((useMe().data?.grants ?? []).map((g) => g.role));
  const mine = sections.filter((s) => s.roles.some((r) => roles.has(r))).map((s) => s.key);
  return (
    <>
      <Typography.Title level={2}>Hướng dẫn sử dụng</Typography.Title>
      <Typography.Paragraph>
        Mỗi màn hình chính có hướng dẫn ngắn ở đầu trang (khung màu xanh). Trang này gom các bước làm việc
        theo vai trò; phần của vai trò bạn đang giữ được mở sẵn.
      </Typography.Paragraph>
      <Collapse
        defaultActiveKey={mine.length > 0 ? mine : ['citizen']}
        items={sections.map((s) => ({ key: s.key, label: s.title, children: s.body }))}
      />
      <SupportContacts title="Đầu mối hỗ trợ kỹ thuật cho địa bàn của bạn" />
    </>
  );
}
