import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Me } from '../../../src/contracts/auth.js';
import { api, ok, csrfHeader, type AnswerOf } from '../api';
import { formatInstant } from '../format';
import { Guide } from '../components/Guide';
import { ProvinceFilter } from '../components/ProvinceFilter';
import { RequireStaff } from '../components/RequireStaff';

type ReportSummary = AnswerOf<'/api/v1/reports/monthly', 'get'>['items'][number];

export function MonthlyReportsPage() {
  return <RequireStaff permission="dossier.read">{(me) => <MonthlyReports me={me} />}</RequireStaff>;
}

const monthText = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;

/** The monthly reports within the official's view: generated on schedule or on request, downloaded as stored. */
function MonthlyReports({ me }: { me: Me }) {
  const client = useQueryClient();
  const [month, setMonth] = useState<Dayjs>(dayjs().subtract(1, 'month').startOf('month'));
  const [province, setProvince] = useState<string>();
  const reports = useQuery({
    queryKey: ['monthly-reports'],
    queryFn: () => ok(api.GET('/api/v1/reports/monthly')),
  });
  const generate = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/reports/monthly', {
          body: { month: month.format('YYYY-MM'), ...(province ? { province } : {}) },
          headers: { ...csrfHeader(me.csrfToken) },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['monthly-reports'] }),
  });
  const file = (r: ReportSummary, name: string) => `/api/v1/reports/monthly/${r.id}/${name}`;
  return (
    <>
      <Typography.Title level={2}>Báo cáo tháng</Typography.Title>
      <Guide title="Báo cáo kết quả giải quyết thủ tục hành chính gửi Văn phòng Chính phủ">
        Đầu mỗi tháng hệ thống tự lập báo cáo tháng trước của cả nước và của từng tỉnh, ngay khi số liệu tháng
        được khóa. Báo cáo gồm: chỉ số phục vụ (theo tỉnh hoặc theo cơ quan, theo bộ), bảng tỷ lệ hoàn thành
        triển khai tập trung, thủ tục và cơ quan có nhiều hồ sơ quá hạn nhất, phản ánh và khó khăn theo lĩnh
        vực. Mỗi báo cáo lưu kèm số liệu đã dùng để lập: tải lại bao giờ cũng đúng như lúc gửi. Cần lập lại
        (ví dụ sau khi sửa số liệu)? Chọn tháng và bấm “Lập báo cáo”; bạn thấy báo cáo của cả nước nếu phạm vi
        của bạn là toàn quốc, hoặc của tỉnh mà bạn quản lý trọn vẹn.
      </Guide>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <DatePicker
            picker="month"
            aria-label="Tháng báo cáo"
            format="MM/YYYY"
            allowClear={false}
            value={month}
            onChange={(v) => v && setMonth(v)}
            disabledDate={(d) => !d.isBefore(dayjs().startOf('month'))}
          />
          <ProvinceFilter value={province} onChange={setProvince} />
          <Button type="primary" loading={generate.isPending} onClick={() => generate.mutate()}>
            Lập báo cáo
          </Button>
        </Space>
        {generate.error && (
          <Alert type="error" showIcon title={generate.error.message} style={{ marginTop: 12 }} />
        )}
        {generate.data && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            title={`Đã lập báo cáo tháng ${monthText(generate.data.month)} — ${generate.data.scope.name}`}
          />
        )}
      </Card>
      {reports.error && <Alert type="error" showIcon title={reports.error.message} />}
      <Table<ReportSummary>
        rowKey="id"
        size="small"
        loading={reports.isFetching}
        dataSource={reports.data?.items}
        pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: 'Chưa có báo cáo nào trong phạm vi của bạn' }}
        aria-label="Báo cáo đã lập"
        columns={[
          { title: 'Tháng', width: 90, render: (_, r) => monthText(r.month) },
          { title: 'Phạm vi', render: (_, r) => r.scope.name },
          {
            title: 'Lập',
            width: 210,
            render: (_, r) => (
              <>
                {formatInstant(r.generatedAt)}{' '}
                {r.generatedBy ? <Tag>theo yêu cầu</Tag> : <Tag color="blue">tự động</Tag>}
              </>
            ),
          },
          { title: 'Tiếp nhận', width: 90, align: 'right', render: (_, r) => r.total.received },
          { title: 'Đã giải quyết', width: 110, align: 'right', render: (_, r) => r.total.finished },
          {
            title: 'Quá hạn',
            width: 80,
            align: 'right',
            render: (_, r) =>
              r.total.late > 0 ? <Typography.Text type="danger">{r.total.late}</Typography.Text> : 0,
          },
          {
            title: 'Đúng hạn',
            width: 90,
            align: 'right',
            render: (_, r) =>
              r.total.onTimeRate === null ? '—' : `${Math.round(r.total.onTimeRate * 1000) / 10}%`,
          },
          {
            title: 'Tải về',
            width: 190,
            render: (_, r) => (
              <Space size={12}>
                <a href={file(r, 'bao-cao.xlsx')} download>
                  Excel
                </a>
                <a href={file(r, 'bao-cao.pdf')} target="_blank" rel="noreferrer">
                  PDF
                </a>
                <a href={file(r, 'so-lieu.json')} download>
                  Số liệu
                </a>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
