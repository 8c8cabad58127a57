import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { getJson, type AnswerOf } from '../api';
import { paths } from '../paths';
import { Guide } from '../components/Guide';

function useTotal<P extends '/api/v1/admin-units' | '/api/v1/agencies'>(
  path: P,
  params: Record<string, string>,
) {
  return useQuery({
    queryKey: [path, params, 'total'],
    queryFn: () =>
      getJson<AnswerOf<'/api/v1/admin-units', 'get'> | AnswerOf<'/api/v1/agencies', 'get'>>(path, {
        ...params,
        limit: 1,
      }),
    select: (page) => page.total,
  });
}

export function HomePage() {
  const provinces = useTotal('/api/v1/admin-units', { level: 'province' });
  const communes = useTotal('/api/v1/admin-units', { level: 'commune' });
  const agencies = useTotal('/api/v1/agencies', {});
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
