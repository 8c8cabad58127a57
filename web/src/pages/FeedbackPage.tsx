import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { FeedbackItem, FeedbackSummaryRow } from '../../../src/contracts/feedback.js';
import type { Me } from '../../../src/contracts/auth.js';
import { feedbackCategories, type FeedbackStatus } from '../../../src/domain/feedback/feedback.js';
import { api, ok, csrfHeader, type BodyOf } from '../api';
import { formatInstant } from '../format';
import { Guide } from '../components/Guide';
import { ExportButton } from '../components/ExportButton';
import { RequireStaff } from '../components/RequireStaff';
import { paths } from '../paths';
import { Escalation, RecurringDifficulties } from './feedback/Escalation';

export function FeedbackPage() {
  return <RequireStaff permission="dossier.read">{(me) => <Feedback me={me} />}</RequireStaff>;
}

const statusTag: Record<FeedbackStatus, [string, string]> = {
  new: ['Mới', 'blue'],
  assigned: ['Đang xử lý', 'gold'],
  answered: ['Đã trả lời', 'green'],
};
const kindName = { citizen: 'Người dân', difficulty: 'Khó khăn của địa phương' } as const;

/** Feedback and difficulty reports the official may see: triage, assignment, answers. */
function Feedback({ me }: { me: Me }) {
  const [kind, setKind] = useState<'all' | 'citizen' | 'difficulty'>('all');
  const [status, setStatus] = useState<FeedbackStatus>();
  const [late, setLate] = useState(false);
  const [open, setOpen] = useState<string>();
  const [reporting, setReporting] = useState(false);
  const list = useQuery({
    queryKey: ['feedback', kind, status, late],
    queryFn: () =>
      ok(
        api.GET('/api/v1/feedback', {
          params: {
            query: {
              kind: kind === 'all' ? undefined : kind,
              status,
              late: late ? 'true' : undefined,
              limit: 200,
            },
          },
        }),
      ),
  });
  const from = dayjs().startOf('month').format('YYYY-MM-DD');
  const to = dayjs().format('YYYY-MM-DD');
  const summary = useQuery({
    queryKey: ['feedback-summary', from, to],
    queryFn: () => ok(api.GET('/api/v1/feedback/summary', { params: { query: { from, to } } })),
  });
  return (
    <>
      <Typography.Title level={2}>Phản ánh, kiến nghị</Typography.Title>
      <Guide title="Tiếp nhận, phân công và trả lời phản ánh trong 10 ngày làm việc">
        Người dân gửi phản ánh về hồ sơ của mình từ trang Tra cứu hồ sơ; phản ánh đến cơ quan đã tiếp nhận hồ
        sơ. Cán bộ xã, sở gửi khó khăn, vướng mắc khi vận hành hệ thống bằng nút “Báo khó khăn, vướng mắc”:
        khó khăn đến Trung tâm Phục vụ hành chính công của tỉnh (cơ quan trung ương: Văn phòng Chính phủ).
        Lãnh đạo, giám sát phân công người xử lý; người được phân công (hoặc lãnh đạo) trả lời — trả lời là
        bước cuối. Hạn trả lời là 10 ngày làm việc theo lịch làm việc; quá hạn hiện màu đỏ.
      </Guide>
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented
          aria-label="Loại phản ánh"
          value={kind}
          onChange={(v) => setKind(v as typeof kind)}
          options={[
            { value: 'all', label: 'Tất cả' },
            { value: 'citizen', label: 'Của người dân' },
            { value: 'difficulty', label: 'Khó khăn của địa phương' },
          ]}
        />
        <Select
          allowClear
          placeholder="Mọi trạng thái"
          aria-label="Trạng thái"
          style={{ width: 170 }}
          value={status}
          onChange={setStatus}
          options={Object.entries(statusTag).map(([value, [label]]) => ({ value, label }))}
        />
        <Checkbox checked={late} onChange={(e) => setLate(e.target.checked)}>
          Chỉ phản ánh quá hạn chưa trả lời
        </Checkbox>
        <ExportButton
          path="/api/v1/feedback/export"
          params={{ kind: kind === 'all' ? undefined : kind, status, late: late ? 'true' : undefined }}
        />
        <Button type="primary" onClick={() => setReporting(true)}>
          Báo khó khăn, vướng mắc
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <RecurringDifficulties />
      <Table<FeedbackItem>
        rowKey="code"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: 'Không có phản ánh' }}
        onRow={(f) => ({ onClick: () => setOpen(f.code), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: 'Số',
            width: 150,
            render: (_, f) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(f.code)}>
                {f.code}
              </Button>
            ),
          },
          { title: 'Loại', width: 120, render: (_, f) => kindName[f.kind] },
          { title: 'Nội dung', render: (_, f) => <Typography.Text ellipsis>{f.subject}</Typography.Text> },
          { title: 'Cơ quan trả lời', width: 230, render: (_, f) => f.agency.name },
          { title: 'Người xử lý', width: 150, render: (_, f) => f.assignee?.name ?? '—' },
          {
            title: 'Hạn trả lời',
            width: 130,
            render: (_, f) =>
              f.late ? (
                <Typography.Text type="danger">{formatInstant(f.dueAt)}</Typography.Text>
              ) : (
                formatInstant(f.dueAt)
              ),
          },
          {
            title: 'Trạng thái',
            width: 110,
            render: (_, f) => <Tag color={statusTag[f.status][1]}>{statusTag[f.status][0]}</Tag>,
          },
        ]}
      />
      <Card
        size="small"
        title="Tổng hợp tháng này theo lĩnh vực"
        style={{ marginTop: 16 }}
        aria-label="Tổng hợp theo lĩnh vực"
      >
        <Table<FeedbackSummaryRow>
          rowKey={(r) => `${r.kind}-${r.category}`}
          size="small"
          pagination={false}
          dataSource={summary.data?.items}
          locale={{ emptyText: 'Chưa có phản ánh trong tháng' }}
          columns={[
            { title: 'Loại', width: 190, render: (_, r) => kindName[r.kind] },
            { title: 'Lĩnh vực', dataIndex: 'categoryName' },
            { title: 'Tiếp nhận', dataIndex: 'received', width: 90, align: 'right' },
            { title: 'Đã trả lời', dataIndex: 'answered', width: 100, align: 'right' },
            { title: 'Trả lời quá hạn', dataIndex: 'answeredLate', width: 120, align: 'right' },
            { title: 'Đang xử lý', dataIndex: 'open', width: 100, align: 'right' },
            {
              title: 'Quá hạn chưa trả lời',
              width: 150,
              align: 'right',
              render: (_, r) =>
                r.openLate > 0 ? <Typography.Text type="danger">{r.openLate}</Typography.Text> : 0,
            },
          ]}
        />
      </Card>
      <FeedbackDrawer code={open} me={me} onClose={() => setOpen(undefined)} />
      {reporting && <DifficultyModal csrf={me.csrfToken} onClose={() => setReporting(false)} />}
    </>
  );
}

/** One piece of feedback: what was said, who answers, and the assignment and answer forms. */
function FeedbackDrawer({ code, me, onClose }: { code: string | undefined; me: Me; onClose: () => void }) {
  const client = useQueryClient();
  const [assignee, setAssignee] = useState<string>();
  const [answer, setAnswer] = useState('');
  const [release, setRelease] = useState('');
  const item = useQuery({
    queryKey: ['feedback-item', code],
    queryFn: () => ok(api.GET('/api/v1/feedback/{code}', { params: { path: { code: code ?? '' } } })),
    enabled: code !== undefined,
  });
  const f = item.data;
  const assignees = useQuery({
    queryKey: ['feedback-assignees', code],
    queryFn: () =>
      ok(api.GET('/api/v1/feedback/{code}/assignees', { params: { path: { code: code ?? '' } } })),
    enabled: code !== undefined && f !== undefined && f.status !== 'answered',
    retry: false,
  });
  const act = useMutation({
    mutationFn: (body: BodyOf<'/api/v1/feedback/{code}/actions', 'post'>) =>
      ok(
        api.POST('/api/v1/feedback/{code}/actions', {
          params: { path: { code: code ?? '' } },
          body: body,
          headers: { ...csrfHeader(me.csrfToken) },
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData(['feedback-item', code], updated);
      setAnswer('');
      void client.invalidateQueries({ queryKey: ['feedback'] });
      void client.invalidateQueries({ queryKey: ['feedback-summary'] });
    },
  });
  const canAnswer =
    f !== undefined && f.status !== 'answered' && (assignees.isSuccess || f.assignee?.id === me.id);
  return (
    <Drawer
      open={code !== undefined}
      onClose={onClose}
      size={620}
      title={f ? `Phản ánh ${f.code}` : 'Phản ánh'}
    >
      {item.error && <Alert type="error" showIcon title={item.error.message} />}
      {f && (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label="Loại">{kindName[f.kind]}</Descriptions.Item>
            <Descriptions.Item label="Lĩnh vực">{f.categoryName}</Descriptions.Item>
            <Descriptions.Item label="Tiêu đề">{f.subject}</Descriptions.Item>
            <Descriptions.Item label="Nội dung">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {f.content}
              </Typography.Paragraph>
            </Descriptions.Item>
            {f.dossierCode && (
              <Descriptions.Item label="Hồ sơ">
                <Link to={paths.dossier(f.dossierCode)}>{f.dossierCode}</Link>
              </Descriptions.Item>
            )}
            <Descriptions.Item label="Người gửi">
              {f.reporter.name}
              {f.reporter.agency ? ` — ${f.reporter.agency.name}` : ''}
              {f.reporter.contact ? ` (${f.reporter.contact})` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="Gửi lúc">{formatInstant(f.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label="Cơ quan trả lời">{f.agency.name}</Descriptions.Item>
            <Descriptions.Item label="Hạn trả lời">
              <Typography.Text type={f.late ? 'danger' : undefined}>
                {formatInstant(f.dueAt)}
                {f.late ? ' (quá hạn)' : ''}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="Trạng thái">
              <Tag color={statusTag[f.status][1]}>{statusTag[f.status][0]}</Tag>
              {f.assignee ? `Người xử lý: ${f.assignee.name}` : ''}
            </Descriptions.Item>
            {f.answer && (
              <Descriptions.Item label="Trả lời">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {f.answer}
                </Typography.Paragraph>
                {f.answeredAt && (
                  <Typography.Text type="secondary">{formatInstant(f.answeredAt)}</Typography.Text>
                )}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Escalation f={f} me={me} manages={assignees.isSuccess} />
          {act.error && (
            <Alert type="error" showIcon title={act.error.message} style={{ marginBottom: 12 }} />
          )}
          {assignees.isSuccess && f.status !== 'answered' && (
            <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
              <Select
                aria-label="Người xử lý"
                placeholder="Chọn cán bộ xử lý"
                style={{ width: '100%' }}
                value={assignee}
                onChange={setAssignee}
                showSearch={{ optionFilterProp: 'label' }}
                options={assignees.data.items.map((p) => ({ value: p.id, label: p.name }))}
              />
              <Button
                disabled={!assignee}
                loading={act.isPending}
                onClick={() =>
                  act.mutate({ type: 'assign', assigneeId: assignee ?? '', expectedVersion: f.version })
                }
              >
                Phân công
              </Button>
            </Space.Compact>
          )}
          {canAnswer && (
            <>
              <Input.TextArea
                aria-label="Nội dung trả lời"
                placeholder="Nội dung trả lời gửi người phản ánh"
                rows={4}
                maxLength={4000}
                value={answer}
                onChange={(e) => setAnswer(e.target.value)}
                style={{ marginBottom: 8 }}
              />
              {f.kind === 'difficulty' && (
                <Input
                  aria-label="Đã khắc phục trong bản phát hành"
                  placeholder="Đã khắc phục trong bản phát hành (nếu có), ví dụ 2026.12"
                  maxLength={100}
                  value={release}
                  onChange={(e) => setRelease(e.target.value)}
                  style={{ marginBottom: 8 }}
                />
              )}
              <Button
                type="primary"
                disabled={answer.trim().length === 0}
                loading={act.isPending}
                onClick={() =>
                  act.mutate({
                    type: 'answer',
                    answer,
                    ...(release.trim() ? { fixedInRelease: release.trim() } : {}),
                    expectedVersion: f.version,
                  })
                }
              >
                Gửi trả lời
              </Button>
            </>
          )}
        </>
      )}
    </Drawer>
  );
}

/** An official reports a difficulty with the system; one key per opened form, so a retry counts once. */
function DifficultyModal({ csrf, onClose }: { csrf: string; onClose: () => void }) {
  const client = useQueryClient();
  const [form] = Form.useForm<BodyOf<'/api/v1/feedback', 'post'>>();
  const [key] = useState(() => crypto.randomUUID());
  const send = useMutation({
    mutationFn: (body: BodyOf<'/api/v1/feedback', 'post'>) =>
      ok(
        api.POST('/api/v1/feedback', {
          body: body,
          headers: { ...csrfHeader(csrf), ...{ 'idempotency-key': key } },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['feedback'] });
      void client.invalidateQueries({ queryKey: ['feedback-summary'] });
    },
  });
  return (
    <Modal
      open
      title="Báo khó khăn, vướng mắc khi vận hành hệ thống"
      onCancel={onClose}
      footer={
        send.data ? (
          <Button onClick={onClose}>Đóng</Button>
        ) : (
          <Button type="primary" loading={send.isPending} onClick={() => form.submit()}>
            Gửi
          </Button>
        )
      }
    >
      {send.data ? (
        <Alert
          type="success"
          showIcon
          title={`Đã gửi, số ${send.data.code}`}
          description={`Hạn trả lời: ${formatInstant(send.data.dueAt)} (10 ngày làm việc).`}
        />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v)}>
          {send.error && (
            <Alert type="error" showIcon title={send.error.message} style={{ marginBottom: 12 }} />
          )}
          <Form.Item name="category" label="Lĩnh vực" rules={[{ required: true, message: 'Chọn lĩnh vực' }]}>
            <Select
              options={Object.entries(feedbackCategories.difficulty).map(([value, label]) => ({
                value,
                label,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="subject"
            label="Tiêu đề"
            rules={[{ required: true, whitespace: true, message: 'Nhập tiêu đề' }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="content"
            label="Mô tả khó khăn, đề xuất"
            rules={[{ required: true, whitespace: true, message: 'Nhập nội dung' }]}
          >
            <Input.TextArea rows={5} maxLength={4000} showCount />
          </Form.Item>
          <Form.Item
            name="procedure"
            label="Mã thủ tục liên quan (nếu có)"
            extra="Khó khăn gắn với một thủ tục được tỉnh chuyển tới bộ quản lý thủ tục đó."
          >
            <Input maxLength={60} placeholder="Ví dụ 1.001193" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
