import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CalendarDay as Day, YearView } from '../../../src/contracts/calendar.js';
import { timeUnits } from '../../../src/domain/catalog/procedureVersion.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { ApiError, api, ok, csrfHeader, type QueryOf } from '../api';
import { can, useMe } from '../auth';
import { Guide } from '../components/Guide';
import { ProblemList } from '../components/ProblemList';
import { formatDay, formatInstant } from '../format';

const weekdays = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const dayLabel = (iso: string) => `${weekdays[dayjs(iso).day()]}, ${formatDay(iso)}`;

/** The yearly days-off table beside the rules' suggestion, and a due-date calculator anyone can use. */
export function CalendarPage() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const me = useMe().data;
  const view = useQuery({
    queryKey: ['calendar', year],
    queryFn: () => ok(api.GET('/api/v1/calendar/days-off', { params: { query: { year } } })),
  });
  return (
    <>
      <Typography.Title level={2}>Lịch làm việc và thời hạn</Typography.Title>
      <Guide title="Lịch nghỉ hằng năm">
        Ngày nghỉ lễ, Tết được tính sẵn theo Bộ luật Lao động (âm lịch Việt Nam), kể cả ngày nghỉ bù khi ngày
        lễ trùng cuối tuần. Khi Thủ tướng quyết định lịch nghỉ của năm (Tết, Quốc khánh, ngày làm bù), quản
        trị hệ thống sửa bảng bên phải rồi “Xác nhận”: thời hạn tính từ đó dùng bảng mới, thời hạn đã tính giữ
        phiên bản lịch cũ. Ô “Tính thời hạn” cho biết hạn giải quyết của một hồ sơ bất kỳ.
      </Guide>
      <Space style={{ marginBottom: 16 }}>
        <span>Năm</span>
        <Select
          aria-label="Năm"
          value={year}
          onChange={setYear}
          options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({ value: y, label: y }))}
        />
        {view.data?.confirmed ? (
          <Tag color="green">
            Đã xác nhận lần {view.data.confirmed.revision} ({view.data.confirmed.confirmedBy ?? '—'},{' '}
            {formatInstant(view.data.confirmed.confirmedAt)})
          </Tag>
        ) : (
          <Tag color="gold">Chưa xác nhận: đang dùng gợi ý theo quy tắc</Tag>
        )}
      </Space>
      {view.error && <Alert type="error" showIcon title={view.error.message} />}
      {view.data && (
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card size="small" title="Gợi ý theo quy tắc">
              <Table<Day>
                rowKey="date"
                size="small"
                pagination={false}
                dataSource={view.data.suggested.daysOff}
                columns={[
                  { title: 'Ngày nghỉ', dataIndex: 'date', width: 170, render: dayLabel },
                  { title: 'Lý do', dataIndex: 'name' },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <YearEditor
              key={`${year}/${view.data.effective.version}`}
              view={view.data}
              editable={can(me, 'calendar.manage')}
              csrf={me?.csrfToken}
            />
          </Col>
        </Row>
      )}
      <DueCalculator />
    </>
  );
}

function YearEditor({
  view,
  editable,
  csrf,
}: {
  view: YearView;
  editable: boolean;
  csrf: string | undefined;
}) {
  const client = useQueryClient();
  const [daysOff, setDaysOff] = useState<Day[]>(view.effective.daysOff);
  const [workingDays, setWorkingDays] = useState<Day[]>(view.effective.workingDays);
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PUT('/api/v1/calendar/years/{year}', {
          params: { path: { year: view.year } },
          body: { daysOff, workingDays, ...(note.trim() ? { note } : {}) },
          headers: { ...csrfHeader(csrf) },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['calendar', view.year] }),
  });
  const problems =
    save.error instanceof ApiError
      ? (save.error.problem.errors ?? []).map((e) => `${e.field.replace(/^body\./, '')}: ${e.message}`)
      : [];
  const list = (title: string, rows: Day[], set: (d: Day[]) => void, label: string) => (
    <Table<Day & { i: number }>
      rowKey="i"
      size="small"
      pagination={false}
      title={() => <strong>{title}</strong>}
      dataSource={rows.map((r, i) => ({ ...r, i }))}
      columns={[
        {
          title: 'Ngày',
          key: 'date',
          width: 190,
          render: (_, r) => (
            <DatePicker
              aria-label={`${label} ${r.i + 1}`}
              format="DD/MM/YYYY"
              disabled={!editable}
              value={r.date ? dayjs(r.date) : null}
              onChange={(d: Dayjs | null) =>
                set(rows.map((x, k) => (k === r.i ? { ...x, date: d ? d.format('YYYY-MM-DD') : '' } : x)))
              }
            />
          ),
        },
        {
          title: 'Lý do',
          key: 'name',
          render: (_, r) => (
            <Input
              aria-label={`Lý do ${label} ${r.i + 1}`}
              disabled={!editable}
              value={r.name}
              onChange={(e) => set(rows.map((x, k) => (k === r.i ? { ...x, name: e.target.value } : x)))}
            />
          ),
        },
        ...(editable
          ? [
              {
                title: '',
                key: 'x',
                width: 48,
                render: (_: unknown, r: Day & { i: number }) => (
                  <Button
                    type="text"
                    aria-label={`Xóa ${label} ${r.i + 1}`}
                    icon={<DeleteOutlined />}
                    onClick={() => set(rows.filter((_, k) => k !== r.i))}
                  />
                ),
              },
            ]
          : []),
      ]}
      footer={
        editable
          ? () => (
              <Button icon={<PlusOutlined />} onClick={() => set([...rows, { date: '', name: '' }])}>
                Thêm {label}
              </Button>
            )
          : undefined
      }
    />
  );
  return (
    <Card size="small" title={`Đang áp dụng năm ${view.year}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {list('Ngày nghỉ (ngày làm việc được nghỉ)', daysOff, setDaysOff, 'ngày nghỉ')}
        {list('Ngày làm bù (thứ Bảy, Chủ nhật đi làm)', workingDays, setWorkingDays, 'ngày làm bù')}
        {editable && (
          <>
            <Input
              aria-label="Căn cứ"
              placeholder="Căn cứ (số thông báo, quyết định)"
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <ProblemList title="Chưa xác nhận được" items={problems} />
            {save.error && problems.length === 0 && (
              <Alert type="error" showIcon title={save.error.message} />
            )}
            {save.isSuccess && <Alert type="success" showIcon title="Đã xác nhận lịch nghỉ của năm" />}
            <Space>
              <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
                Xác nhận lịch năm {view.year}
              </Button>
              <Button
                onClick={() => {
                  setDaysOff(view.suggested.daysOff);
                  setWorkingDays([]);
                }}
              >
                Lấy lại gợi ý
              </Button>
            </Space>
          </>
        )}
      </Space>
    </Card>
  );
}

/** When would a dossier received now (or at any moment) be due? The engine's public answer. */
function DueCalculator() {
  const [form] = Form.useForm<{
    from: Dayjs;
    amount: number;
    unit: QueryOf<'/api/v1/calendar/due', 'get'>['unit'];
    cutoff: boolean;
  }>();
  const [query, setQuery] = useState<QueryOf<'/api/v1/calendar/due', 'get'> | null>(null);
  const due = useQuery({
    queryKey: ['due', query],
    enabled: query !== null,
    queryFn: () =>
      ok(
        api.GET('/api/v1/calendar/due', {
          params: { query: query ?? { from: '', amount: 0, unit: 'working_days' } },
        }),
      ),
  });
  return (
    <Card size="small" title="Tính thời hạn" style={{ marginTop: 16 }}>
      <Form
        form={form}
        layout="inline"
        initialValues={{ from: dayjs(), amount: 1, unit: 'working_days', cutoff: false }}
        onFinish={(v) =>
          setQuery({
            from: v.from.format('YYYY-MM-DDTHH:mm:ssZ'),
            amount: v.amount,
            unit: v.unit,
            sameDayCutoff: v.cutoff ? 'true' : 'false',
          })
        }
      >
        <Form.Item name="from" label="Tiếp nhận lúc">
          <DatePicker showTime format="DD/MM/YYYY HH:mm" />
        </Form.Item>
        <Form.Item name="amount" label="Thời gian">
          <InputNumber min={0.5} max={3650} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="unit">
          <Select
            aria-label="Đơn vị"
            style={{ width: 170 }}
            options={timeUnits.map((u) => ({ value: u, label: vi.timeUnit[u] }))}
          />
        </Form.Item>
        <Form.Item name="cutoff" label="Mốc 15 giờ" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          Tính
        </Button>
      </Form>
      {due.data && (
        <Typography.Paragraph style={{ marginTop: 12 }} strong>
          Bắt đầu tính: {formatInstant(due.data.start)} — Hạn giải quyết: {formatInstant(due.data.due)} (lịch{' '}
          {due.data.calendarVersion})
        </Typography.Paragraph>
      )}
      {due.error && <Alert type="error" showIcon title={due.error.message} style={{ marginTop: 12 }} />}
    </Card>
  );
}
