import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, List, Space, Tabs, Tag, Typography } from 'antd';
import type { Me } from '../../../../src/contracts/auth.js';
import { api, ok, csrfHeader, type AnswerOf } from '../../api';
import { Guide } from '../../components/Guide';
import { RequireStaff } from '../../components/RequireStaff';
import { formatInstant } from '../../format';
import { importanceTag } from './announcementLabels';
import { PublishForm } from './PublishForm';

type Notice = AnswerOf<'/api/v1/announcements', 'get'>['items'][number];

export function AnnouncementsPage() {
  return <RequireStaff>{(me) => <Announcements me={me} />}</RequireStaff>;
}

const publishes = (me: Me) =>
  me.grants.some((g) => ['system_admin', 'ministry_admin', 'province_admin'].includes(g.role));

/** Notices to the official; for administrators, publishing and what they have published. */
function Announcements({ me }: { me: Me }) {
  const tabs = [
    { key: 'mine', label: 'Thông báo gửi tôi', children: <NoticeList me={me} view="mine" /> },
    ...(publishes(me)
      ? [
          { key: 'publish', label: 'Đăng thông báo', children: <PublishForm me={me} /> },
          { key: 'published', label: 'Đã đăng', children: <NoticeList me={me} view="published" /> },
        ]
      : []),
  ];
  return (
    <>
      <Typography.Title level={2}>Thông báo</Typography.Title>
      <Guide title="Thông báo chính thức và lịch bảo trì">
        Thông báo của Văn phòng Chính phủ, của bộ quản lý thủ tục và của tỉnh gửi tới bạn theo địa bàn, loại
        cơ quan và vai trò. Thông báo chưa đọc hiện ngay khi đăng nhập; bấm “Đã đọc” để đánh dấu. Lịch bảo trì
        được báo trước ít nhất 5 ngày làm việc và hiện thành dải cảnh báo trên mọi màn hình trong ngày trước
        và trong thời gian bảo trì. Quản trị hệ thống, quản trị cấp bộ và cấp tỉnh đăng thông báo ở thẻ “Đăng
        thông báo”.
      </Guide>
      <Tabs items={tabs} />
    </>
  );
}

function NoticeList({ me, view }: { me: Me; view: 'mine' | 'published' }) {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['announcements', view],
    queryFn: () => ok(api.GET('/api/v1/announcements', { params: { query: { view } } })),
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'read' | 'withdraw' }) =>
      ok(
        api.POST(
          action === 'read' ? '/api/v1/announcements/{id}/read' : '/api/v1/announcements/{id}/withdraw',
          {
            params: { path: { id } },
            headers: { ...csrfHeader(me.csrfToken) },
          },
        ),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['announcements'] }),
  });
  return (
    <>
      {(list.error ?? act.error) && (
        <Alert type="error" showIcon title={(list.error ?? act.error)?.message} />
      )}
      <List<Notice>
        loading={list.isFetching}
        dataSource={list.data?.items}
        locale={{
          emptyText: view === 'mine' ? 'Không có thông báo nào đang hiệu lực' : 'Chưa đăng thông báo nào',
        }}
        renderItem={(n) => (
          <List.Item style={{ display: 'block', padding: 0, borderBlockEnd: 0 }}>
            <Card size="small" style={{ marginBottom: 12 }} aria-label={n.title}>
              <Space wrap style={{ marginBottom: 4 }}>
                {importanceTag(n.importance)}
                {n.kind === 'maintenance' && <Tag color="purple">Bảo trì</Tag>}
                <Typography.Text strong>{n.title}</Typography.Text>
                {view === 'mine' && !n.readAt && <Tag color="red">Chưa đọc</Tag>}
                {n.withdrawn && <Tag>Đã thu hồi</Tag>}
                {n.public && <Tag color="green">Công khai</Tag>}
              </Space>
              <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: 4 }}>
                {n.body}
              </Typography.Paragraph>
              {n.window && (
                <Typography.Paragraph strong>
                  Thời gian bảo trì: từ {formatInstant(n.window.from)} đến {formatInstant(n.window.to)}
                </Typography.Paragraph>
              )}
              {n.attachments.map((f) => (
                <div key={f.position}>
                  <a href={`/api/v1/announcements/${n.id}/attachments/${f.position}`}>{f.name}</a>
                </div>
              ))}
              <Space wrap style={{ marginTop: 8 }}>
                <Typography.Text type="secondary">
                  {n.publisher.name} · gửi {n.audienceText} · đăng {formatInstant(n.publishedAt)} · hiệu lực
                  đến {formatInstant(n.validTo)}
                </Typography.Text>
                {view === 'mine' && !n.readAt && (
                  <Button size="small" onClick={() => act.mutate({ id: n.id, action: 'read' })}>
                    Đã đọc
                  </Button>
                )}
                {view === 'published' && !n.withdrawn && (
                  <Button size="small" danger onClick={() => act.mutate({ id: n.id, action: 'withdraw' })}>
                    Thu hồi
                  </Button>
                )}
              </Space>
            </Card>
          </List.Item>
        )}
      />
    </>
  );
}
