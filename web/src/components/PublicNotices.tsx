import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { api, ok } from '../api';

/** Public notices in force (not maintenance: the banner shows that), for citizens on the public pages. */
export function PublicNotices({ province }: { province?: string }) {
  const notices = useQuery({
    queryKey: ['public-announcements', province ?? ''],
    queryFn: () =>
      ok(api.GET('/api/v1/public/announcements', { params: { query: province ? { province } : {} } })),
  });
  return (
    <>
      {(notices.data?.items ?? [])
        .filter((n) => n.kind === 'notice')
        .map((n) => (
          <Alert
            key={n.id}
            showIcon
            type={n.importance === 'info' ? 'info' : 'warning'}
            style={{ marginBottom: 12 }}
            title={`${n.title} (${n.publisher})`}
            description={<span style={{ whiteSpace: 'pre-line' }}>{n.body}</span>}
          />
        ))}
    </>
  );
}
