import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { AdminUnit } from '../../../src/contracts/adminUnits.js';
import type { Agency } from '../../../src/contracts/agencies.js';
import { getJson, type Page } from '../api';
import { paths } from '../paths';
import { Guide } from '../components/Guide';

function useTotal<T>(path: string, params: Record<string, string>) {
  return useQuery({
    queryKey: [path, params, 'total'],
    queryFn: () => getJson<Page<T>>(path, { ...params, limit: 1 }),
    select: (page) => page.total,
  });
}

export function HomePage() {
  const provinces = useTotal<AdminUnit>('/api/v1/admin-units', { level: 'province' });
  const communes = useTotal<AdminUnit>('/api/v1/admin-units', { level: 'commune' });
  const agencies = useTotal<Agency>('/api/v1/agencies', {});
  return (
    <>
      <Typography.Title level={2}>Tổng quan</Typography.Title>
      <Guide title="Hệ thống dùng chung cho bộ, tỉnh và xã">
        Một bộ cấu hình thủ tục và quy trình một lần; cán bộ một cửa ở mọi tỉnh, xã tiếp nhận và xử lý hồ sơ
        trên cùng hệ thống. Bắt đầu từ <Link to={paths.provinces}>bản đồ hành chính</Link> để xem tỉnh, xã sau
        sắp xếp, hoặc <Link to={paths.agencies}>danh mục cơ quan</Link> để tra mã định danh điện tử. Phím tắt:
        nhấn <kbd>/</kbd> để đến ô tìm kiếm của màn hình.
      </Guide>
      <Row gutter={[16, 16]}>
        {[
          { title: 'Tỉnh, thành phố', total: provinces },
          { title: 'Xã, phường, đặc khu', total: communes },
          { title: 'Cơ quan, đơn vị', total: agencies },
        ].map(({ title, total }) => (
          <Col xs={24} md={8} key={title}>
            <Card>
              <Statistic
                groupSeparator="."
                title={title}
                value={total.data ?? '—'}
                loading={total.isLoading}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
