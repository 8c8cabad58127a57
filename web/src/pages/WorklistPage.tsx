import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { vi } from '../../../src/domain/i18n/vi.js';
import { isPracticeCode } from '../../../src/domain/practice/practice.js';
import { api, ok, csrfHeader } from '../api';
import { useMe } from '../auth';
import { Guide } from '../components/Guide';
import { ExportButton } from '../components/ExportButton';
import { formatInstant } from '../format';
import { useDebounced, useNow } from '../hooks';
import { paths } from '../paths';

export const queues = [
  { key: 'to_receive', label: 'Chờ tiếp nhận' },
  { key: 'mine', label: 'Của tôi' },
  { key: 'agency', label: 'Của cơ quan' },
  { key: 'due_soon', label: 'Sắp đến hạn' },
  { key: 'overdue', label: 'Quá hạn' },
  { key: 'supplement', label: 'Chờ bổ sung' },
  { key: 'consultation', label: 'Chờ ý kiến' },
  { key: 'to_return', label: 'Chờ trả kết quả' },
  { key: 'citizen_requests', label: 'Yêu cầu của công dân' },
  { key: 'all', label: 'Tất cả' },
] as const;

/** Before due (green), due within a working day (orange), late (red): the counter's colour code. */
export function DueTag({ due, status }: { due: string | null; status: number }) {
  const now = useNow();
  if (!due || ![2, 4].includes(status)) return due ? <span>{formatInstant(due)}</span> : null;
  const left = new Date(due).getTime() - now;
  const color = left < 0 ? 'red' : left < 24 * 3_600_000 ? 'orange' : 'green';
  const word = left < 0 ? 'Quá hạn' : left < 24 * 3_600_000 ? 'Sắp đến hạn' : 'Trong hạn';
  return (
    <Tag color={color} title={word}>
      {formatInstant(due)} · {word}
    </Tag>
  );
}

/** The worklists of an official: one tab per queue with its count, newest first, filter by applicant ID. */
export function WorklistPage() {
  const [params, setParams] = useSearchParams();
  const asked = params.get('ds');
  const queue = queues.find((q) => q.key === asked)?.key ?? 'agency';
  const [applicant, setApplicant] = useState('');
  const id = useDebounced(applicant.trim());
  const counts = useQuery({
    queryKey: ['dossiers', 'counts'],
    queryFn: () => ok(api.GET('/api/v1/dossiers/counts')),
  });
  const list = useInfiniteQuery({
    queryKey: ['dossiers', queue, id],
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/dossiers', {
          params: {
            query: {
              queue,
              limit: 50,
              applicant: /^\d{10,13}$/.test(id) ? id : undefined,
              cursor: pageParam,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const me = useMe().data;
  const client = useQueryClient();
  // A leader hands out the agency's queue: pick rows, pick an official, "Giao việc".
  const leadAt = (me?.grants ?? []).find((g) => g.role === 'leader')?.agency.code;
  const [selected, setSelected] = useState<string[]>([]);
  const [assignee, setAssignee] = useState<string>();
  const [outcome, setOutcome] = useState<string | null>(null);
  const assignees = useQuery({
    queryKey: ['assignees', leadAt],
    queryFn: () =>
      ok(
        api.GET('/api/v1/dossiers/assignees', {
          params: {
            query: {
              agency: leadAt ?? '',
            },
          },
        }),
      ),
    enabled: leadAt !== undefined,
  });
  const assign = async () => {
    const res = await ok(
      api.POST('/api/v1/dossiers/assign', {
        body: { codes: selected, assigneeId: assignee ?? null },
        headers: { ...csrfHeader(me?.csrfToken) },
      }),
    );
    const failed = res.items.filter((i) => !i.ok);
    setOutcome(
      `Đã giao ${res.items.length - failed.length}/${res.items.length} hồ sơ` +
        (failed.length > 0
          ? `; không giao được: ${failed.map((f) => `${f.code} (${f.problem})`).join(', ')}`
          : ''),
    );
    setSelected([]);
    await client.invalidateQueries({ queryKey: ['dossiers'] });
  };
  return (
    <>
      <Typography.Title level={2}>Hồ sơ</Typography.Title>
      <Guide title="Danh sách công việc">
        Mỗi thẻ là một danh sách việc: hồ sơ chờ tiếp nhận trực tuyến, việc được giao cho bạn, hồ sơ của cơ
        quan, sắp đến hạn, quá hạn, chờ bổ sung, chờ ý kiến cơ quan phối hợp, chờ trả kết quả, yêu cầu của
        công dân gửi qua Cổng DVCQG (rút hồ sơ, tin nhắn) chờ trả lời. Màu của hạn xử lý: xanh trong hạn, cam
        còn dưới một ngày, đỏ quá hạn. Bấm mã hồ sơ (hoặc Tab rồi Enter) để mở và xử lý.
      </Guide>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          aria-label="Danh sách"
          value={queue}
          onChange={(v) => setParams({ ds: String(v) })}
          options={queues.map((q) => ({
            value: q.key,
            label: (
              <span>
                {q.label}{' '}
                <Badge
                  count={counts.data?.[q.key] ?? 0}
                  showZero
                  overflowCount={9999}
                  color={q.key === 'overdue' && (counts.data?.[q.key] ?? 0) > 0 ? 'red' : '#8c8c8c'}
                />
              </span>
            ),
          }))}
        />
        <Input.Search
          aria-label="Số định danh người nộp"
          placeholder="Số định danh người nộp"
          allowClear
          value={applicant}
          onChange={(e) => setApplicant(e.target.value)}
          style={{ width: 240 }}
        />
        <ExportButton
          path="/api/v1/dossiers/export"
          params={{ queue, applicant: /^\d{10,13}$/.test(id) ? id : undefined }}
        />
      </Space>
      {leadAt ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <span>Giao {selected.length} hồ sơ đã chọn cho</span>
          <Select
            aria-label="Cán bộ được giao"
            style={{ width: 260 }}
            placeholder="Chọn cán bộ"
            value={assignee}
            onChange={setAssignee}
            options={(assignees.data?.items ?? []).map((a) => ({
              value: a.id,
              label: `${a.fullName} (${a.roles.map((r) => vi.role[r as keyof typeof vi.role] ?? r).join(', ')})`,
            }))}
          />
          <Button disabled={selected.length === 0 || !assignee} onClick={() => void assign()}>
            Giao việc
          </Button>
          {outcome ? <Typography.Text type="secondary">{outcome}</Typography.Text> : null}
        </Space>
      ) : null}
      <Table
        size="small"
        rowKey="code"
        rowSelection={
          leadAt
            ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }
            : undefined
        }
        loading={list.isLoading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: 'Không có hồ sơ trong danh sách này' }}
        columns={[
          {
            title: 'Mã hồ sơ',
            dataIndex: 'code',
            render: (c: string, r) => (
              <>
                <Link to={paths.dossier(c)}>{c}</Link> {r.orphan ? <Tag color="magenta">Mồ côi</Tag> : null}
                {isPracticeCode(c) ? <Tag color="red">THỬ NGHIỆM</Tag> : null}
              </>
            ),
          },
          { title: 'Người nộp', dataIndex: 'applicantName' },
          { title: 'Thủ tục', dataIndex: 'procedureCode', width: 110 },
          {
            title: 'Trạng thái',
            dataIndex: 'status',
            render: (s: number) => vi.dossierStatus[s],
          },
          { title: 'Bước', dataIndex: 'stepCode', width: 70 },
          { title: 'Nộp lúc', dataIndex: 'submittedAt', render: (t: string) => formatInstant(t), width: 150 },
          { title: 'Hạn giải quyết', render: (_, r) => <DueTag due={r.dueAt} status={r.status} /> },
        ]}
        footer={() => (
          <Space>
            <span>
              Đang hiện {items.length}
              {list.data?.pages[0]?.total !== undefined ? ` / ${list.data.pages[0].total}` : ''} hồ sơ
            </span>
            {list.hasNextPage ? (
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                Tải thêm
              </Button>
            ) : null}
          </Space>
        )}
      />
    </>
  );
}
