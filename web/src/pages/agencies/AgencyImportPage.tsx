import { useQueryClient } from '@tanstack/react-query';
import { Breadcrumb, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { AnswerOf } from '../../api';
import { DryRunImport } from '../../components/DryRunImport';
import { Guide } from '../../components/Guide';
import { paths } from '../../paths';

type Report = AnswerOf<'/api/v1/agencies/import', 'post'>;
type Change = Report['changes'][number];
const outcomeName = { created: 'Thêm mới', updated: 'Sửa', closed: 'Đóng' } as const;

/** Importing the e-ID register: checked first (nothing written), applied on the administrator's word. */
export function AgencyImportPage() {
  const client = useQueryClient();
  return (
    <>
      <Breadcrumb
        items={[{ title: <Link to={paths.agencies}>Cơ quan, đơn vị</Link> }, { title: 'Nhập danh mục' }]}
      />
      <Typography.Title level={2}>Nhập danh mục mã định danh</Typography.Title>
      <Guide title="Nhập danh mục cơ quan từ tệp, kiểm tra trước khi ghi">
        Tệp CSV (UTF-8 hoặc Windows-1258) hoặc Excel có các cột: Mã định danh, Tên cơ quan, Loại, Mã cơ quan
        cấp trên, Mã đơn vị hành chính, Hiệu lực từ, Hiệu lực đến (không bắt buộc). Hệ thống kiểm tra từng
        dòng và báo trước dòng nào sẽ thêm, sửa, đóng hay bị từ chối và vì sao; chưa ghi gì cho đến khi bấm
        “Áp dụng”. Dòng bị từ chối không được ghi, các dòng khác vẫn được nhập; nhập lại cùng tệp không thay
        đổi gì. Cơ quan còn giữ hồ sơ chưa xong không đóng được.
      </Guide>
      <DryRunImport<Report, Change>
        endpoint="/api/v1/agencies/import"
        counts={(r) => [
          { label: 'Thêm mới', value: r.created },
          { label: 'Sửa', value: r.updated },
          { label: 'Đóng', value: r.closed },
          { label: 'Không đổi', value: r.unchanged },
        ]}
        changing={(r) => r.created + r.updated + r.closed}
        changes={(r) => r.changes}
        onApplied={() => void client.invalidateQueries({ queryKey: ['agencies'] })}
        changeColumns={(r) => [
          { title: 'Dòng', dataIndex: 'row', width: 80 },
          {
            title: 'Mã định danh',
            dataIndex: 'code',
            width: 180,
            render: (c: string) => (r.dryRun ? <code>{c}</code> : <Link to={paths.agency(c)}>{c}</Link>),
          },
          {
            title: 'Thay đổi',
            dataIndex: 'outcome',
            render: (o: Change['outcome']) => (
              <Tag color={o === 'closed' ? 'orange' : o === 'created' ? 'green' : 'blue'}>
                {outcomeName[o]}
              </Tag>
            ),
          },
        ]}
      />
    </>
  );
}
