import { useQuery } from '@tanstack/react-query';
import { Card, List, Typography } from 'antd';
import { api, ok } from '../api';

/**
 * Whom to call: the support focal points for the user's own area (their province, their ministry,
 * the national desk; before sign-in, the national desk). On the help page and every error screen.
 */
export function SupportContacts({ title = 'Cần hỗ trợ? Liên hệ đầu mối kỹ thuật' }: { title?: string }) {
  const contacts = useQuery({
    queryKey: ['support-contacts', 'mine'],
    queryFn: () => ok(api.GET('/api/v1/support/contacts/mine')),
  });
  const items = contacts.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title={title} style={{ marginTop: 16, textAlign: 'left' }}>
      <List
        size="small"
        dataSource={items}
        renderItem={(c) => (
          <List.Item>
            <Typography.Text className="inline-links">
              <b>{c.areaName}</b> — {c.name}, {c.unit} · Điện thoại:{' '}
              <a href={`tel:${c.phone.replace(/\s/g, '')}`}>{c.phone}</a>
              {c.email && (
                <>
                  {' '}
                  · Thư điện tử: <a href={`mailto:${c.email}`}>{c.email}</a>
                </>
              )}{' '}
              · {c.hours}
              {c.channel && (
                <>
                  {' '}
                  ·{' '}
                  <a href={c.channel} target="_blank" rel="noreferrer">
                    Nhóm hỗ trợ trực tuyến
                  </a>
                </>
              )}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
