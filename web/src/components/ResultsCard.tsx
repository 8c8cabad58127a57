import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Tag } from 'antd';
import type { ResultView } from '../../../src/contracts/results.js';
import { api, ok } from '../api';
import { formatDay } from '../format';

const statusText: Record<ResultView['status'], { text: string; color: string }> = {
  drafted: { text: 'Chờ gửi cấp số, ký', color: 'default' },
  sent: { text: 'Đang cấp số, ký', color: 'orange' },
  signed: { text: 'Đã cấp số, ký', color: 'green' },
  imported: { text: 'Do hệ thống một cửa của tỉnh cấp (chuyển đổi)', color: 'blue' },
};

/** The dossier's result documents: numbered and signed here, or by the document-management system. */
export function ResultsCard({ code }: { code: string }) {
  const path = `/api/v1/dossiers/${encodeURIComponent(code)}/results`;
  const results = useQuery({
    queryKey: ['dossier', code, 'results'],
    queryFn: () => ok(api.GET('/api/v1/dossiers/{code}/results', { params: { path: { code } } })),
    refetchInterval: (q) =>
      q.state.data?.items.some((r) => r.status === 'drafted' || r.status === 'sent') ? 3000 : false,
  });
  const items = results.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title="Văn bản kết quả" style={{ marginBottom: 12 }}>
      {items.map((r) => (
        <Descriptions key={r.id} size="small" column={1} style={{ marginBottom: 8 }}>
          <Descriptions.Item label="Trạng thái">
            <Tag color={statusText[r.status].color}>{statusText[r.status].text}</Tag>
          </Descriptions.Item>
          {r.number && <Descriptions.Item label="Số, ký hiệu">{r.number}</Descriptions.Item>}
          {r.issuedOn && <Descriptions.Item label="Ngày ban hành">{formatDay(r.issuedOn)}</Descriptions.Item>}
          {r.signer && <Descriptions.Item label="Người ký">{r.signer}</Descriptions.Item>}
          {r.verificationCode && (
            <Descriptions.Item label="Mã xác minh">
              <a href={`/xac-minh/${r.verificationCode}`} target="_blank" rel="noreferrer">
                {r.verificationCode}
              </a>
            </Descriptions.Item>
          )}
          {(r.status === 'signed' || (r.status === 'imported' && r.sha256)) && (
            <Descriptions.Item label="Tệp">
              <a href={`${path}/${r.id}/content`} target="_blank" rel="noreferrer">
                Xem văn bản kết quả
              </a>
            </Descriptions.Item>
          )}
        </Descriptions>
      ))}
    </Card>
  );
}
