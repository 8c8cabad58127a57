import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, List, Space, Tag, Typography } from 'antd';
import { vi } from '../../../../src/domain/i18n/vi.js';
import { api, ok, csrfHeader } from '../../api';
import { formatInstant } from '../../format';
import type { DossierDetail } from './DossierFacts';

type CitizenEvent = DossierDetail['citizenEvents'][number];

const stateColor: Record<CitizenEvent['state'], string> = {
  applied: 'green',
  pending: 'orange',
  refused: 'red',
};
const satisfaction = ['', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'];

/** What the event said, in a line an official reads at a glance. */
function said(e: CitizenEvent): string {
  switch (e.kind) {
    case 'supplement':
      return e.reason ?? '';
    case 'withdrawal':
      return `Lý do: ${e.reason ?? ''}`;
    case 'payment':
      return `${(e.amount ?? 0).toLocaleString('vi-VN')} đồng${e.receiptNo ? `, biên lai ${e.receiptNo}` : ''}`;
    case 'rating':
      return `${satisfaction[e.rating ?? 0] ?? ''}${e.reason ? ` — ${e.reason}` : ''}`;
    case 'message':
      return `${e.sender ?? ''}: “${e.text ?? ''}”`;
  }
}

/**
 * What the applicant did on the national portal, in the portal's order: an online supplement (with
 * its files), a withdrawal request, a payment, a rating, a message. A request or message waiting
 * for an official is marked, and whoever may work on the dossier marks it answered.
 */
export function CitizenEventsCard({
  code,
  events,
  canAnswer,
  csrf,
}: {
  code: string;
  events: CitizenEvent[];
  canAnswer: boolean;
  csrf: string | undefined;
}) {
  const client = useQueryClient();
  const answer = useMutation({
    mutationFn: (eventId: string) =>
      ok(
        api.POST('/api/v1/dossiers/{code}/citizen-events/{eventId}/handled', {
          params: { path: { code, eventId } },
          headers: { ...csrfHeader(csrf) },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['dossier', code] }),
  });
  const waiting = events.filter((e) => e.awaitsAnswer).length;
  return (
    <Card
      size="small"
      title="Người nộp gửi qua Cổng DVCQG"
      style={{ marginBottom: 12 }}
      extra={waiting > 0 ? <Tag color="orange">{waiting} chờ trả lời</Tag> : null}
    >
      {answer.error ? <Alert type="error" title={answer.error.message} style={{ marginBottom: 8 }} /> : null}
      <List
        size="small"
        dataSource={events}
        renderItem={(e) => (
          <List.Item
            key={e.eventId}
            actions={
              e.awaitsAnswer && canAnswer
                ? [
                    <Button
                      key="answered"
                      size="small"
                      loading={answer.isPending && answer.variables === e.eventId}
                      onClick={() => answer.mutate(e.eventId)}
                    >
                      Đã trả lời
                    </Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <b>
                  {e.seq}. {vi.portalEvent.kind[e.kind]}
                </b>
                <Tag color={stateColor[e.state]}>{vi.portalEvent.state[e.state]}</Tag>
                {e.awaitsAnswer ? <Tag color="orange">Chờ trả lời</Tag> : null}
                {e.logSeq ? <Tag>Nhật ký #{e.logSeq}</Tag> : null}
              </Space>
              <Typography.Text type="secondary">{formatInstant(e.occurredAt)}</Typography.Text>
              {e.files.map((f, i) => (
                <a
                  key={i}
                  href={`/api/v1/dossiers/${encodeURIComponent(code)}/citizen-events/${encodeURIComponent(e.eventId)}/files/${i}`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {f.component}: {f.name}
                </a>
              ))}
              {said(e) ? <span>{said(e)}</span> : null}
              {e.outcome ? <Typography.Text type="warning">{e.outcome}</Typography.Text> : null}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
