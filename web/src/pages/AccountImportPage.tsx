import { useQueryClient } from '@tanstack/react-query';
import { Breadcrumb, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { vi } from '../../../src/domain/i18n/vi.js';
import type { AnswerOf } from '../api';
import { DryRunImport } from '../components/DryRunImport';
import { Guide } from '../components/Guide';
import { paths } from '../paths';

type Report = AnswerOf<'/api/v1/accounts/import', 'post'>;
type Change = Report['changes'][number];

/** Officials in bulk: checked first, then accounts made without passwords and activation links sent. */
export function AccountImportPage() {
  const client = useQueryClient();
  return (
    <>
      <Breadcrumb
        items={[{ title: <Link to={paths.accounts}>Tài khoản, phân quyền</Link> }, { title: 'Nhập cán bộ' }]}
      />
      <Typography.Title level={2}>Nhập cán bộ từ tệp</Typography.Title>
      <Guide title="Tạo tài khoản hàng loạt, kiểm tra trước khi ghi">
        Tệp CSV hoặc Excel có các cột: Họ và tên, Số định danh, Số điện thoại, Thư điện tử, Mã cơ quan, Vai
        trò (nhiều vai trò cách nhau bằng dấu phẩy, ví dụ “Cán bộ một cửa, Chuyên viên”), Tên đăng nhập, Hiệu
        lực từ, Hiệu lực đến (không bắt buộc). Cán bộ được nhận ra theo số định danh: nhập lại cùng tệp không
        tạo trùng. Tài khoản mới không có mật khẩu: mỗi cán bộ nhận liên kết kích hoạt dùng một lần qua thư
        điện tử và SMS để tự đặt mật khẩu. Chỉ nhập được cho cơ quan trong phạm vi quản trị của bạn, với vai
        trò hợp loại cơ quan.
      </Guide>
      <DryRunImport<Report, Change>
        endpoint="/api/v1/accounts/import"
        counts={(r) => [
          { label: 'Tài khoản mới', value: r.created },
          { label: 'Cập nhật', value: r.updated },
          { label: 'Không đổi', value: r.unchanged },
          { label: 'Liên kết đã gửi', value: r.invited },
        ]}
        changing={(r) => r.created + r.updated}
        changes={(r) => r.changes}
        onApplied={() => void client.invalidateQueries({ queryKey: ['accounts'] })}
        changeColumns={() => [
          { title: 'Dòng', dataIndex: 'row', width: 80 },
          {
            title: 'Tên đăng nhập',
            dataIndex: 'username',
            width: 240,
            render: (u: string) => <code>{u}</code>,
          },
          {
            title: 'Thay đổi',
            dataIndex: 'outcome',
            width: 120,
            render: (o: Change['outcome']) => (
              <Tag color={o === 'created' ? 'green' : 'blue'}>{o === 'created' ? 'Tạo mới' : 'Cập nhật'}</Tag>
            ),
          },
          {
            title: 'Vai trò được giao',
            dataIndex: 'roles',
            render: (roles: Change['roles']) => roles.map((x) => vi.role[x]).join(', '),
          },
        ]}
      />
    </>
  );
}
