import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, List, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Me } from '../../../src/contracts/auth.js';
import { api, ok, csrfHeader } from '../api';
import { formatInstant } from '../format';
import { importanceTag } from '../pages/announcements/announcementLabels';

/** The notices an official has not read yet, shown once after sign-in until marked read. */
export function UnreadNotices({ me }: { me: Me }) {
  const client = useQueryClient();
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem('notices-seen') === me.id);
  const unread = useQuery({
    queryKey: ['announcements', 'unread'],
    queryFn: () => ok(api.GET('/api/v1/announcements', { params: { query: { unread: 'true' } } })),
  });
  const read = useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids)
        await ok(
          api.POST('/api/v1/announcements/{id}/read', {
            params: { path: { id } },
            headers: { ...csrfHeader(me.csrfToken) },
          }),
        );
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['announcements'] }),
  });
  const items = unread.data?.items ?? [];
  const close = () => {
    sessionStorage.setItem('notices-seen', me.id);
    setDismissed(true);
  };
  return (
    <Modal
      open={!dismissed && items.length > 0}
      title={`Thông báo mới (${items.length})`}
      onCancel={close}
      width={720}
      footer={[
        <Button key="later" onClick={close}>
          Xem sau
        </Button>,
        <Button
          key="read"
          type="primary"
          loading={read.isPending}
          onClick={() =>
            read.mutate(
              items.map((i) => i.id),
              { onSuccess: close },
            )
          }
        >
          Đã đọc tất cả
        </Button>,
      ]}
    >
      <List
        dataSource={items}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta
              title={
                <>
                  {importanceTag(n.importance)} {n.title}
                </>
              }
              description={
                <>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: 4 }}>
                    {n.body}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary">
                    {n.publisher.name} · {formatInstant(n.publishedAt)}
                    {n.window &&
                      ` · Bảo trì từ ${formatInstant(n.window.from)} đến ${formatInstant(n.window.to)}`}
                  </Typography.Text>{' '}
                  {n.attachments.length > 0 && <Tag>{n.attachments.length} tệp đính kèm</Tag>}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Modal>
  );
}
