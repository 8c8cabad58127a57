import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Table, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { Me } from '../../../../src/contracts/auth.js';
import { api, ok, csrfHeader, type AnswerOf } from '../../api';
import { formatInstant } from '../../format';

type Item = AnswerOf<'/api/v1/feedback/{code}', 'get'>;

export const levelName = {
  province: 'Tỉnh (Trung tâm Phục vụ hành chính công)',
  ministry: 'Bộ quản lý thủ tục',
  government: 'Văn phòng Chính phủ',
} as const;

/**
 * Where a difficulty stands (its level, its procedure, each forward with its deadlines) and, for a
 * leader or monitor of the desk answering it, the forward to the level above.
 */
export function Escalation({ f, me, manages }: { f: Item; me: Me; manages: boolean }) {
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const forward = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/feedback/{code}/forward', {
          params: { path: { code: f.code } },
          body: { note, expectedVersion: f.version },
          headers: { ...csrfHeader(me.csrfToken) },
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData(['feedback-item', f.code], updated);
      setNote('');
      // The desk that forwarded it no longer assigns or answers it.
      void client.invalidateQueries({ queryKey: ['feedback-assignees', f.code] });
      void client.invalidateQueries({ queryKey: ['feedback'] });
    },
  });
  if (f.kind !== 'difficulty') return null;
  const next =
    f.level === 'province'
      ? f.procedure
        ? 'bộ quản lý thủ tục'
        : 'Văn phòng Chính phủ'
      : 'Văn phòng Chính phủ';
  return (
    <Card size="small" title="Chuyển cấp giải quyết" style={{ marginBottom: 16 }}>
      <Typography.Paragraph>
        Đang ở: <b>{levelName[f.level]}</b>
        {f.procedure && ` · Thủ tục ${f.procedure.code} — ${f.procedure.name}`}
        {f.fixedInRelease && ` · Đã khắc phục trong: ${f.fixedInRelease}`}
      </Typography.Paragraph>
      {f.forwards.length > 0 && (
        <Timeline
          items={f.forwards.map((x) => ({
            content: (
              <>
                {formatInstant(x.at)}: {x.from.name} chuyển {x.to.name} (hạn ở nơi chuyển{' '}
                {formatInstant(x.fromDueAt)}; hạn mới {formatInstant(x.dueAt)}). {x.note}
              </>
            ),
          }))}
        />
      )}
      {manages && f.status !== 'answered' && f.level !== 'government' && (
        <>
          {forward.error && (
            <Alert type="error" showIcon title={forward.error.message} style={{ marginBottom: 8 }} />
          )}
          <Space.Compact style={{ width: '100%' }}>
            <Input
              aria-label="Lý do chuyển"
              placeholder={`Lý do chuyển lên ${next}`}
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
            />
            <Button
              disabled={note.trim().length === 0}
              loading={forward.isPending}
              onClick={() => forward.mutate()}
            >
              Chuyển {next}
            </Button>
          </Space.Compact>
        </>
      )}
    </Card>
  );
}

/** Difficulties reported again and again (same procedure and category): the ones to fix first. */
export function RecurringDifficulties() {
  const groups = useQuery({
    queryKey: ['feedback', 'recurring'],
    queryFn: () => ok(api.GET('/api/v1/feedback/recurring')),
  });
  const items = groups.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title="Khó khăn lặp lại" style={{ marginBottom: 16 }}>
      <Table
        size="small"
        rowKey={(g) => `${g.procedure?.code ?? '-'}:${g.category}`}
        dataSource={items}
        pagination={false}
        aria-label="Khó khăn lặp lại"
        columns={[
          {
            title: 'Thủ tục',
            render: (_, g) => (g.procedure ? `${g.procedure.code} — ${g.procedure.name}` : 'Hệ thống'),
          },
          { title: 'Lĩnh vực', dataIndex: 'categoryName' },
          { title: 'Số báo cáo', dataIndex: 'reports', width: 100, align: 'right' },
          { title: 'Chưa trả lời', dataIndex: 'open', width: 110, align: 'right' },
          { title: 'Số phản ánh', render: (_, g) => g.codes.join(', ') },
        ]}
      />
    </Card>
  );
}
