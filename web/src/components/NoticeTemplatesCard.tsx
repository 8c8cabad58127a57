import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { NoticeTemplatesView } from '../../../src/contracts/notices.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import {
  checkTemplate,
  composeNotice,
  placeholders,
  smsParts,
  type NoticeEvent,
} from '../../../src/domain/notifications/applicantNotice.js';
import { ApiError, api, ok, csrfHeader } from '../api';
import { useMe } from '../auth';
import { ProvinceFilter } from './ProvinceFilter';

type Row = NoticeTemplatesView['events'][number];
const sourceTag = {
  default: <Tag>Mặc định</Tag>,
  ministry: <Tag color="blue">Của bộ</Tag>,
  province: <Tag color="green">Của tỉnh</Tag>,
};

/** A sample dossier, to preview the words as an applicant would receive them. */
const sample = {
  code: '000.00.01.H01-261206-000123',
  due: new Date('2026-12-21T10:00:00Z'),
  statusUrl: 'https://dichvucong.example.vn/tra-cuu/000.00.01.H01-261206-000123',
  reason: 'Thiếu bản sao giấy khai sinh',
  amount: 200_000,
  procedureName: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
  agencyName: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội',
};

/**
 * The words of each notice the applicant receives for this procedure: the ministry's (its
 * catalogue administrators edit them) and, for a chosen province, that province's override (its
 * administrators edit it). Each save is a new version; the preview shows the SMS and e-mail as sent.
 */
export function NoticeTemplatesCard({ code }: { code: string }) {
  const [province, setProvince] = useState<string | undefined>();
  const view = useQuery({
    queryKey: ['notice-templates', code, province ?? ''],
    queryFn: () =>
      ok(
        api.GET('/api/v1/procedures/{code}/notice-templates', {
          params: { path: { code }, query: province ? { province } : {} },
        }),
      ),
  });
  const [editing, setEditing] = useState<{ row: Row; forProvince: boolean } | null>(null);
  const v = view.data;
  return (
    <Card
      size="small"
      title="Thông báo cho người nộp (SMS, thư điện tử)"
      extra={
        <ProvinceFilter
          value={province}
          onChange={setProvince}
          placeholder="Mẫu của bộ; chọn tỉnh để xem mẫu riêng"
          label="Tỉnh có mẫu riêng"
          width={300}
        />
      }
    >
      <Typography.Paragraph type="secondary">
        Mỗi sự kiện gửi người nộp một tin nhắn và một thư. Bộ quản lý thủ tục đặt lời cho cả nước; tỉnh có thể
        đặt lời riêng. Trường thay thế:{' '}
        {Object.keys(placeholders).map((p) => (
          <Tag key={p}>
            {`{${p}}`} {vi.notice.placeholder[p]}
          </Tag>
        ))}
        {v?.brandname ? (
          <>
            · Tên hiển thị SMS của tỉnh: <b>{v.brandname}</b>
          </>
        ) : null}
      </Typography.Paragraph>
      <Table<Row>
        rowKey="event"
        size="small"
        pagination={false}
        loading={view.isLoading}
        dataSource={v?.events}
        columns={[
          { title: 'Sự kiện', dataIndex: 'event', width: 190, render: (e: string) => vi.notice.event[e] },
          { title: 'Lời đang dùng', render: (_, r) => r.inForce.text },
          { title: 'Nguồn', width: 100, render: (_, r) => sourceTag[r.source] },
          {
            title: 'Sửa',
            width: 170,
            render: (_, r) => (
              <Space size={4}>
                {v?.canEditMinistry ? (
                  <Button size="small" onClick={() => setEditing({ row: r, forProvince: false })}>
                    Lời của bộ
                  </Button>
                ) : null}
                {v?.canEditProvince ? (
                  <Button size="small" onClick={() => setEditing({ row: r, forProvince: true })}>
                    Lời của tỉnh
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {editing && v ? (
        <TemplateDialog
          code={code}
          province={editing.forProvince ? (province ?? null) : null}
          row={editing.row}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Card>
  );
}

function TemplateDialog({
  code,
  province,
  row,
  onClose,
}: {
  code: string;
  province: string | null;
  row: Row;
  onClose: () => void;
}) {
  const me = useMe().data;
  const client = useQueryClient();
  const versions = province ? row.province : row.ministry;
  const start = versions[0] ?? row.inForce;
  const [text, setText] = useState(start.text);
  const [subject, setSubject] = useState(start.subject);
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PUT('/api/v1/procedures/{code}/notice-templates/{event}', {
          params: { path: { code, event: row.event } },
          body: { text, subject, provinceCode: province },
          headers: csrfHeader(me?.csrfToken),
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['notice-templates', code] });
      onClose();
    },
  });
  const problems = checkTemplate({ text, subject });
  const preview = composeNotice(row.event as NoticeEvent, sample, { text, subject });
  const parts = smsParts(preview.sms);
  return (
    <Modal
      open
      width={820}
      title={`${vi.notice.event[row.event]} — ${province ? `lời riêng của tỉnh ${province}` : 'lời của bộ'}`}
      okText="Lưu phiên bản mới"
      cancelText="Đóng"
      okButtonProps={{ disabled: problems.length > 0, loading: save.isPending }}
      onOk={() => save.mutate()}
      onCancel={onClose}
    >
      <Form layout="vertical">
        <Form.Item label="Nội dung (có dấu; tin nhắn SMS gửi không dấu)" htmlFor="notice-text" required>
          <Input.TextArea id="notice-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        </Form.Item>
        <Form.Item label="Tiêu đề thư điện tử" htmlFor="notice-subject" required>
          <Input id="notice-subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
        </Form.Item>
      </Form>
      {problems.map((p, i) => (
        <Alert
          key={i}
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={(vi.notice.problem[p.code] as (d: string) => string)(p.detail ?? '')}
        />
      ))}
      {save.error ? (
        <Alert
          type="error"
          showIcon
          title={save.error instanceof ApiError ? save.error.message : String(save.error)}
        />
      ) : null}
      <Descriptions size="small" column={1} bordered title="Xem trước với một hồ sơ mẫu">
        <Descriptions.Item
          label={`SMS (${parts.parts} phần, ${parts.encoding === 'gsm7' ? 'không dấu' : 'Unicode'})`}
        >
          {preview.sms}
        </Descriptions.Item>
        <Descriptions.Item label="Tiêu đề thư">{preview.email.subject}</Descriptions.Item>
        <Descriptions.Item label="Thư">
          <span style={{ whiteSpace: 'pre-wrap' }}>{preview.email.body}</span>
        </Descriptions.Item>
      </Descriptions>
      {versions.length > 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          Các phiên bản: {versions.map((x) => `v${x.version} (${x.savedBy})`).join(', ')}
        </Typography.Paragraph>
      ) : null}
    </Modal>
  );
}
