import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { api, ok } from '../api';
import { formatInstant } from '../format';

/**
 * Planned maintenance on every screen, for officials and citizens alike: while its window is on,
 * and in the day before it starts (announced at least five working days ahead).
 */
export function MaintenanceBanner() {
  const notices = useQuery({
    queryKey: ['public-announcements'],
    queryFn: () => ok(api.GET('/api/v1/public/announcements')),
    refetchInterval: 5 * 60_000,
  });
  const windows = (notices.data?.items ?? []).filter(
    (n) => n.kind === 'maintenance' && (n.state === 'on' || n.state === 'soon'),
  );
  return (
    <>
      {windows.map((n) => (
        <Alert
          key={n.id}
          banner
          type={n.state === 'on' ? 'error' : 'warning'}
          title={`${n.state === 'on' ? 'Đang bảo trì' : 'Sắp bảo trì'}: ${n.title} — từ ${formatInstant(
            n.window?.from ?? '',
          )} đến ${formatInstant(n.window?.to ?? '')}`}
          description={n.body}
        />
      ))}
    </>
  );
}
