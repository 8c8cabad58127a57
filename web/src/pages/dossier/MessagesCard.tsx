import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api, ok, csrfHeader } from '../../api';
import { formatInstant } from '../../format';
import type { DossierDetail } from './DossierFacts';

const channelName = { portal: 'Cổng DVCQG', sms: 'SMS', email: 'Thư điện tử', counter: 'Tại quầy' } as const;

/**
 * The exchange with the applicant: their messages from the national portal and the officials'
 * answers, which go to the portal and by SMS and e-mail when the applicant gave them.
 */
export function MessagesCard({
  code,
  messages,
  canWrite,
  csrf,
}: {
  code: string;
  messages: DossierDetail['messages'];
  canWrite: boolean;
  csrf: string | undefined;
}) {
  const client = useQueryClient();
  const [body, setBody] = useState('');
  const send = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/dossiers/{code}/messages', {
          params: { path: { code } },
          body: { body },
          headers: csrfHeader(csrf),
        }),
      ),
    onSuccess: async () => {
      setBody('');
      await client.invalidateQueries({ queryKey: ['dossier', code] });
    },
  });
  return (
    <Card size="small" title="Trao đổi với người nộp" style={{ marginBottom: 12 }}>
      <List
        size="small"
        locale={{ emptyText: 'Chưa có tin nhắn' }}
        dataSource={messages}
        renderItem={(m) => (
          <List.Item key={m.id}>
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <b>{m.direction === 'from_applicant' ? `Người nộp: ${m.sender}` : m.sender}</b>
                {m.channels.map((c) => (
                  <Tag key={c}>{channelName[c]}</Tag>
                ))}
              </Space>
              <Typography.Text type="secondary">{formatInstant(m.at)}</Typography.Text>
              <span style={{ whiteSpace: 'pre-wrap' }}>{m.body}</span>
            </Space>
          </List.Item>
        )}
      />
      {canWrite ? (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea
            aria-label="Tin nhắn gửi người nộp"
            placeholder="Nhắn người nộp (gửi lên Cổng DVCQG, và SMS, thư điện tử nếu có)"
            rows={2}
            maxLength={1000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          {send.error ? (
            <Alert
              type="error"
              showIcon
              title={send.error instanceof ApiError ? send.error.message : String(send.error)}
            />
          ) : null}
          <Button
            type="primary"
            disabled={body.trim() === ''}
            loading={send.isPending}
            onClick={() => send.mutate()}
          >
            Gửi tin nhắn
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}
