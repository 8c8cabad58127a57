import { useQuery } from '@tanstack/react-query';
import { Collapse, Drawer } from 'antd';
import { api, ok } from '../../api';
import { GuideMarkdown } from '../../components/GuideMarkdown';
import { formatInstant } from '../../format';

/** Every revision of a guide, newest first: who saved what, and when. */
export function GuideHistory({
  guideKey,
  title,
  onClose,
}: {
  guideKey: string;
  title: string;
  onClose: () => void;
}) {
  const revisions = useQuery({
    queryKey: ['guide-revisions', guideKey],
    queryFn: () => ok(api.GET('/api/v1/guides/{key}/revisions', { params: { path: { key: guideKey } } })),
  });
  return (
    <Drawer open size={720} title={`Lịch sử: ${title}`} onClose={onClose}>
      <Collapse
        items={(revisions.data?.items ?? []).map((r) => ({
          key: String(r.revision),
          label: `Phiên bản ${r.revision} — ${formatInstant(r.savedAt)}${r.savedBy ? ` — ${r.savedBy}` : ''}: ${r.title}`,
          children: <GuideMarkdown text={r.body} />,
        }))}
      />
    </Drawer>
  );
}
