import { useQuery } from '@tanstack/react-query';
import { DataLagNotice } from '../components/DataLagNotice';
import {
  type TableColumnType,
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type {
  AgencyIndicatorRow,
  IndicatorReport,
  ProvinceIndicatorRow,
} from '../../../src/contracts/indicators.js';
import { api, ok } from '../api';
import { Guide } from '../components/Guide';
import { MinistryFilter } from '../components/MinistryFilter';
import { ProvinceFilter } from '../components/ProvinceFilter';
import { RequireStaff } from '../components/RequireStaff';
import { OrphansAlert } from '../components/OrphansAlert';

export function IndicatorsPage() {
  return <RequireStaff permission="dossier.read">{() => <Indicators />}</RequireStaff>;
}

const rateNames: [keyof IndicatorReport['indicators']['rates'], string][] = [
  ['onTime', 'Giải quyết đúng hạn'],
  ['online', 'Hồ sơ trực tuyến'],
  ['digitization', 'Số hóa hồ sơ'],
  ['reuse', 'Tái sử dụng dữ liệu'],
  ['resultDigitization', 'Số hóa kết quả'],
  ['onlinePayment', 'Thanh toán trực tuyến'],
  ['satisfaction', 'Hài lòng'],
];

type WithIndicators = { indicators: IndicatorReport['indicators'] };

/** A right-aligned count of a table of indicators (by province, by agency). */
function countColumn<T extends WithIndicators>(
  title: string,
  width: number,
  value: (i: T['indicators']) => number,
): TableColumnType<T> {
  return { title, width, align: 'right', render: (_, r) => value(r.indicators) };
}

/** Late dossiers (finished late, and still open past due), in red when any. */
function lateColumn<T extends WithIndicators>(): TableColumnType<T> {
  return {
    title: 'Quá hạn',
    width: 90,
    align: 'right',
    render: (_, r) => {
      const late = r.indicators.finished.late + r.indicators.inProgress.late;
      return late > 0 ? <Typography.Text type="danger">{late}</Typography.Text> : 0;
    },
  };
}

/** The service-quality indicators of a period, for the dossiers the official may see. */
function Indicators() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const [province, setProvince] = useState<string>();
  const [ministry, setMinistry] = useState<string>();
  const period = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const query = { ...period, province, ministry };
  const report = useQuery({
    queryKey: ['indicators', query],
    queryFn: () => ok(api.GET('/api/v1/reports/indicators', { params: { query } })),
  });
  const byAgency = useQuery({
    queryKey: ['indicators-by-agency', query],
    queryFn: () => ok(api.GET('/api/v1/reports/indicators/by-agency', { params: { query } })),
  });
  const byProvince = useQuery({
    queryKey: ['indicators-by-province', period, ministry],
    queryFn: () =>
      ok(api.GET('/api/v1/reports/indicators/by-province', { params: { query: { ...period, ministry } } })),
  });
  const ranked = byProvince.data?.items ?? [];
  const exportUrl = `/api/v1/reports/indicators/by-agency.xlsx?${new URLSearchParams({
    ...period,
    ...(province ? { province } : {}),
    ...(ministry ? { ministry } : {}),
  })}`;
  const r = report.data?.indicators;
  return (
    <>
      <Typography.Title level={2}>Chỉ số phục vụ</Typography.Title>
      <DataLagNotice />
      <Guide title="Theo dõi tiếp nhận, giải quyết và các tỷ lệ của Quyết định 766/QĐ-TTg">
        Số liệu của các hồ sơ do cơ quan trong phạm vi của bạn tiếp nhận, tính từ nhật ký xử lý theo lịch và
        quy định tại thời điểm từng việc diễn ra: một kỳ đã qua luôn cho cùng một kết quả. Kỳ là các tháng
        trọn vẹn hoặc đến hôm nay thì đọc ngay từ số tổng hợp (cập nhật theo từng thao tác); kỳ khác được tính
        lại. Với phạm vi nhiều tỉnh, bảng xếp hạng cho thấy tỉnh nào giải quyết đúng hạn tốt nhất; bấm tên
        tỉnh để xem riêng. Chọn kỳ (từ ngày, đến ngày), tỉnh và bộ, ngành quản lý thủ tục nếu cần thu hẹp;
        giám sát của một bộ thấy thủ tục của bộ mình ở mọi tỉnh. “Kỳ trước chuyển sang” là hồ sơ tiếp nhận
        trước kỳ, chưa giải quyết xong khi kỳ bắt đầu.
      </Guide>
      <OrphansAlert />
      <Space style={{ marginBottom: 16 }} wrap>
        <DatePicker.RangePicker
          aria-label="Kỳ báo cáo"
          format="DD/MM/YYYY"
          allowClear={false}
          value={range}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        <ProvinceFilter value={province} onChange={setProvince} />
        <MinistryFilter value={ministry} onChange={setMinistry} />
      </Space>
      {report.error && (
        <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 16 }} />
      )}
      {r && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} lg={4}>
              <Card size="small" style={{ height: '100%' }}>
                <Statistic title="Tiếp nhận trong kỳ" value={r.received.total} />
                <Typography.Text type="secondary">
                  Trực tiếp {r.received.byChannel.counter} · Trực tuyến {r.received.byChannel.online} · Bưu
                  chính {r.received.byChannel.postal}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} lg={4}>
              <Card size="small" style={{ height: '100%' }}>
                <Statistic title="Kỳ trước chuyển sang" value={r.carriedOver} />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card size="small" style={{ height: '100%' }}>
                <Statistic title="Đã giải quyết" value={r.finished.total} />
                <Typography.Text type="secondary">
                  Trước hạn {r.finished.beforeDue} · Đúng hạn {r.finished.onTime} ·{' '}
                  <Typography.Text type={r.finished.late > 0 ? 'danger' : 'secondary'}>
                    Quá hạn {r.finished.late}
                  </Typography.Text>
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card size="small" style={{ height: '100%' }}>
                <Statistic title="Đang giải quyết" value={r.inProgress.total} />
                <Typography.Text type="secondary">
                  Trong hạn {r.inProgress.onTime} ·{' '}
                  <Typography.Text type={r.inProgress.late > 0 ? 'danger' : 'secondary'}>
                    Quá hạn {r.inProgress.late}
                  </Typography.Text>
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} lg={4}>
              <Card size="small" style={{ height: '100%' }}>
                <Statistic title="Tạm dừng" value={r.paused} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title="Các tỷ lệ" aria-label="Các tỷ lệ">
            <Row gutter={[24, 8]}>
              {rateNames.map(([key, name]) => {
                const value = r.rates[key];
                return (
                  <Col key={key} xs={24} lg={12}>
                    <div>{name}</div>
                    {value === null ? (
                      <Typography.Text type="secondary">Chưa có số liệu trong kỳ</Typography.Text>
                    ) : (
                      <Progress percent={Math.round(value * 1000) / 10} aria-label={name} />
                    )}
                  </Col>
                );
              })}
            </Row>
          </Card>
          {report.data && (
            <Card
              size="small"
              title={`Điểm theo Quyết định 766/QĐ-TTg: ${report.data.score.points.toLocaleString('vi-VN')} trên ${report.data.score.measuredMax} điểm đo được`}
              extra={
                <Typography.Text type="secondary">
                  Cách tính phiên bản {report.data.score.version}
                </Typography.Text>
              }
              style={{ marginTop: 16 }}
              aria-label="Điểm theo Quyết định 766"
            >
              <Row gutter={[24, 8]}>
                {report.data.score.groups.map((g) => (
                  <Col key={g.code} xs={24} lg={12} xl={8}>
                    <div>
                      {g.name} (tối đa {g.max})
                    </div>
                    {g.points === null ? (
                      <Typography.Text type="secondary">
                        {g.measured ? 'Chưa có số liệu trong kỳ' : 'Chấm trên Cổng Dịch vụ công quốc gia'}
                      </Typography.Text>
                    ) : (
                      <Progress
                        percent={g.measuredMax > 0 ? (100 * g.points) / g.measuredMax : 0}
                        format={() => `${g.points?.toLocaleString('vi-VN')}/${g.measuredMax}`}
                        aria-label={`Điểm nhóm ${g.name}`}
                      />
                    )}
                  </Col>
                ))}
              </Row>
            </Card>
          )}
          {ranked.length > 1 && (
            <Card
              size="small"
              title={`Xếp hạng ${ranked.length} tỉnh, thành phố theo tỷ lệ giải quyết đúng hạn`}
              style={{ marginTop: 16 }}
              aria-label="Xếp hạng tỉnh, thành phố"
            >
              <Table<ProvinceIndicatorRow>
                rowKey="province"
                size="small"
                loading={byProvince.isFetching}
                dataSource={ranked}
                pagination={{ pageSize: 12, hideOnSinglePage: true, showSizeChanger: false }}
                columns={[
                  {
                    title: 'Hạng',
                    width: 64,
                    align: 'right',
                    render: (_, p) => (p.indicators.rates.onTime === null ? '—' : p.rank),
                  },
                  {
                    title: 'Tỉnh, thành phố',
                    render: (_, p) => (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        onClick={() => setProvince(p.province)}
                        title="Xem riêng tỉnh này"
                      >
                        {p.provinceName}
                      </Button>
                    ),
                  },
                  countColumn('Tiếp nhận', 100, (i) => i.received.total),
                  countColumn('Đã giải quyết', 120, (i) => i.finished.total),
                  lateColumn(),
                  {
                    title: 'Tỷ lệ đúng hạn',
                    width: 260,
                    render: (_, p) =>
                      p.indicators.rates.onTime === null ? (
                        <Typography.Text type="secondary">Chưa có hồ sơ giải quyết xong</Typography.Text>
                      ) : (
                        <Progress
                          percent={Math.round(p.indicators.rates.onTime * 1000) / 10}
                          size="small"
                          status={p.indicators.rates.onTime < 0.9 ? 'exception' : 'normal'}
                        />
                      ),
                  },
                ]}
              />
            </Card>
          )}
          <Card
            size="small"
            title="Theo cơ quan tiếp nhận (cơ quan có hồ sơ quá hạn trước)"
            style={{ marginTop: 16 }}
            extra={
              <a href={exportUrl} download>
                Xuất Excel
              </a>
            }
          >
            <Table<AgencyIndicatorRow>
              rowKey="agency"
              size="small"
              loading={byAgency.isFetching}
              dataSource={byAgency.data?.items}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: 'Không có hồ sơ trong kỳ' }}
              columns={[
                { title: 'Cơ quan', dataIndex: 'agencyName' },
                countColumn('Tiếp nhận', 100, (i) => i.received.total),
                {
                  title: 'Nhận thay nơi khác',
                  width: 110,
                  align: 'right',
                  render: (_, a) => a.receivedForOthers,
                },
                countColumn('Chuyển sang', 110, (i) => i.carriedOver),
                countColumn('Đã giải quyết', 120, (i) => i.finished.total),
                lateColumn(),
                {
                  title: 'Đúng hạn',
                  width: 100,
                  align: 'right',
                  render: (_, a) =>
                    a.indicators.rates.onTime === null
                      ? '—'
                      : `${Math.round(a.indicators.rates.onTime * 1000) / 10}%`,
                },
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}
