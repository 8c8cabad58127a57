import { useQuery } from '@tanstack/react-query';
import { DataLagNotice } from '../components/DataLagNotice';
import { Alert, Button, Card, Col, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router-dom';
import { vi } from '../../../src/domain/i18n/vi.js';
import { getJson, type AnswerOf } from '../api';
import { formatDay, formatInstant } from '../format';
import { Guide } from '../components/Guide';
import { MinistryFilter } from '../components/MinistryFilter';
import { ProvinceFilter } from '../components/ProvinceFilter';
import { OrphansAlert } from '../components/OrphansAlert';
import { RequireStaff } from '../components/RequireStaff';
import { paths } from '../paths';

// The chart library is loaded with this screen's chart, not with every screen.
const TrendChart = lazy(() => import('../components/TrendChart'));

export function SteeringPage() {
  return <RequireStaff permission="dossier.read">{() => <Steering />}</RequireStaff>;
}

/** A card's data, refreshed every minute like the orphan alert above it. */
function useCard<C extends 'today' | 'deadlines' | 'trend' | 'gaps' | 'integration-backlog'>(
  card: C,
  scope: { province: string | undefined; ministry: string | undefined },
) {
  return useQuery({
    queryKey: ['steering', card, scope.province, scope.ministry],
    queryFn: () => getJson<AnswerOf<`/api/v1/steering/${C}`, 'get'>>(`/api/v1/steering/${card}`, scope),
    refetchInterval: 60_000,
  });
}

const danger = (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : 0);

/** The steering dashboard (điều hành): what needs a decision today, within the viewer's reach. */
function Steering() {
  const [province, setProvince] = useState<string>();
  const [ministry, setMinistry] = useState<string>();
  const scope = { province, ministry };
  const today = useCard('today', scope);
  const deadlines = useCard('deadlines', scope);
  const trend = useCard('trend', scope);
  const gaps = useCard('gaps', scope);
  const backlog = useCard('integration-backlog', scope);
  const t = today.data;
  const d = deadlines.data;
  const maxOverdue = Math.max(1, ...(d?.rows ?? []).map((r) => r.overdue));
  const error = [today, deadlines, trend, gaps, backlog].find((q) => q.error)?.error;
  return (
    <>
      <Typography.Title level={2}>Điều hành</Typography.Title>
      <DataLagNotice />
      <Guide title="Việc cần chỉ đạo hôm nay trong phạm vi của bạn">
        Màn hình tự cập nhật mỗi phút. Trên cùng (màu đỏ) là hồ sơ đang nằm ở nơi không có người xử lý: giao
        vai trò ngay để hồ sơ được nhận. “Hạn xử lý” đếm hồ sơ đang giải quyết đã quá hạn, đến hạn hôm nay và
        đến hạn vào ngày làm việc tiếp theo (hồ sơ tạm dừng không tính: thời hạn đã dừng); với phạm vi nhiều
        tỉnh, bảng theo tỉnh, bấm tên tỉnh để xem theo cơ quan. “Cơ quan thiếu người” là nơi quy trình đã giao
        việc mà không ai giữ vai trò cần. Tích hợp tồn đọng là thông điệp về hồ sơ của bạn chưa tới được Cổng
        Dịch vụ công quốc gia hay hệ thống khác. Chọn bộ, ngành để chỉ xem các thủ tục do bộ đó quản lý; giám
        sát của một bộ thấy thủ tục của bộ mình ở mọi tỉnh, thành phố.
      </Guide>
      <OrphansAlert />
      <Space style={{ marginBottom: 16 }} wrap>
        <ProvinceFilter value={province} onChange={setProvince} />
        <MinistryFilter value={ministry} onChange={setMinistry} />
        {t && <Typography.Text type="secondary">Hôm nay {formatDay(t.day)}</Typography.Text>}
      </Space>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} aria-label="Hôm nay">
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} loading={!t}>
            <Statistic title="Tiếp nhận hôm nay" value={t?.received.total} />
            <Typography.Text type="secondary">
              Trực tiếp {t?.received.counter} · Trực tuyến {t?.received.online} · Bưu chính{' '}
              {t?.received.postal}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} loading={!t}>
            <Statistic title="Chờ tiếp nhận (nộp trực tuyến)" value={t?.awaitingReceipt} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} loading={!t}>
            <Statistic title="Giải quyết xong hôm nay" value={t?.finished.total} />
            <Typography.Text type={t && t.finished.late > 0 ? 'danger' : 'secondary'}>
              Quá hạn {t?.finished.late}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} loading={!t}>
            <Statistic title="Đã trả kết quả hôm nay" value={t?.returned} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title="Hạn xử lý"
            aria-label="Hạn xử lý"
            extra={
              d && (
                <Typography.Text type="secondary">
                  Ngày làm việc tiếp theo: {formatDay(d.nextWorkingDay)}
                </Typography.Text>
              )
            }
          >
            <Row gutter={16} style={{ marginBottom: 12 }}>
              <Col span={8}>
                <Statistic
                  title="Đã quá hạn"
                  value={d?.total.overdue ?? 0}
                  styles={{ content: { color: d && d.total.overdue > 0 ? '#cf1322' : undefined } }}
                />
              </Col>
              <Col span={8}>
                <Statistic title="Đến hạn hôm nay" value={d?.total.dueToday ?? 0} />
              </Col>
              <Col span={8}>
                <Statistic title="Đến hạn ngày làm việc tiếp theo" value={d?.total.dueNext ?? 0} />
              </Col>
            </Row>
            <Table
              rowKey="code"
              size="small"
              loading={deadlines.isFetching && !d}
              dataSource={d?.rows}
              pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
              locale={{ emptyText: 'Không có hồ sơ quá hạn hay sắp đến hạn' }}
              columns={[
                {
                  title: d?.group === 'province' ? 'Tỉnh, thành phố' : 'Cơ quan tiếp nhận',
                  render: (_, r) =>
                    d?.group === 'province' ? (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        onClick={() => setProvince(r.code)}
                        title="Xem theo cơ quan của tỉnh này"
                      >
                        {r.name}
                      </Button>
                    ) : (
                      <Link to={paths.agency(r.code)}>{r.name}</Link>
                    ),
                },
                {
                  title: 'Quá hạn',
                  width: 150,
                  render: (_, r) => (
                    <Space size={6}>
                      <span style={{ display: 'inline-block', minWidth: 28, textAlign: 'right' }}>
                        {danger(r.overdue)}
                      </span>
                      <Progress
                        percent={(100 * r.overdue) / maxOverdue}
                        showInfo={false}
                        size={[80, 8]}
                        status="exception"
                        aria-hidden
                      />
                    </Space>
                  ),
                },
                { title: 'Hôm nay', dataIndex: 'dueToday', width: 80, align: 'right' },
                { title: 'Ngày tới', dataIndex: 'dueNext', width: 80, align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="Xu hướng 12 tháng" aria-label="Xu hướng 12 tháng">
            <Suspense fallback={<div style={{ height: 260 }} />}>
              {trend.data && <TrendChart months={trend.data.items} />}
            </Suspense>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="Cơ quan thiếu người xử lý" aria-label="Cơ quan thiếu người xử lý">
            <Table
              rowKey={(g) => g.agency.code}
              size="small"
              dataSource={gaps.data?.staffing}
              loading={gaps.isFetching && !gaps.data}
              pagination={{ pageSize: 6, hideOnSinglePage: true, showSizeChanger: false }}
              locale={{ emptyText: 'Mọi cơ quan được giao việc đều có người giữ vai trò cần' }}
              columns={[
                {
                  title: 'Cơ quan',
                  render: (_, g) => <Link to={paths.agency(g.agency.code)}>{g.agency.name}</Link>,
                },
                {
                  title: 'Thiếu vai trò',
                  render: (_, g) =>
                    g.missing.map((r) => (
                      <Tag key={r} color="red">
                        {vi.role[r]}
                      </Tag>
                    )),
                },
                { title: 'Thủ tục', dataIndex: 'procedures', width: 70, align: 'right' },
                { title: 'Hồ sơ đang ở đó', width: 120, align: 'right', render: (_, g) => danger(g.open) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title="Thủ tục chưa sẵn sàng"
            aria-label="Thủ tục chưa sẵn sàng"
            extra={<Link to={paths.readiness}>Bảng sẵn sàng</Link>}
          >
            <Table
              rowKey={(r) => r.province.code}
              size="small"
              dataSource={gaps.data?.readiness}
              loading={gaps.isFetching && !gaps.data}
              pagination={{ pageSize: 6, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: 'Tỉnh, thành phố', render: (_, r) => r.province.name },
                { title: 'Sẵn sàng', dataIndex: 'ready', width: 80, align: 'right' },
                { title: 'Chưa', width: 60, align: 'right', render: (_, r) => danger(r.notReady) },
                {
                  title: 'Thiếu nhiều nhất',
                  render: (_, r) =>
                    r.failing.slice(0, 2).map((f) => (
                      <div key={f.criterion}>
                        {f.name}: {f.count}
                      </div>
                    )),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title="Tích hợp tồn đọng" aria-label="Tích hợp tồn đọng">
            <Table
              rowKey="destination"
              size="small"
              dataSource={backlog.data?.items}
              loading={backlog.isFetching && !backlog.data}
              pagination={false}
              locale={{ emptyText: 'Mọi thông điệp về hồ sơ của bạn đã được gửi' }}
              columns={[
                { title: 'Nơi nhận', render: (_, r) => vi.destination[r.destination] ?? r.destination },
                { title: 'Đang chờ gửi', dataIndex: 'waiting', width: 120, align: 'right' },
                { title: 'Đang thử lại', width: 120, align: 'right', render: (_, r) => danger(r.retrying) },
                { title: 'Đã dừng gửi', width: 120, align: 'right', render: (_, r) => danger(r.dead) },
                {
                  title: 'Cũ nhất từ',
                  width: 170,
                  render: (_, r) => (r.oldest ? formatInstant(r.oldest) : '—'),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
