import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api, ok, csrfHeader } from '../api';
import { useMe } from '../auth';

/**
 * The name the province's SMS to applicants show as sender (brandname, registered with the
 * carriers); the province's administrators set it, everyone signed in sees it.
 */
export function SmsBrandnameCard({ province }: { province: string }) {
  const me = useMe().data;
  const client = useQueryClient();
  const current = useQuery({
    queryKey: ['sms-brandname', province],
    queryFn: () =>
      ok(api.GET('/api/v1/provinces/{code}/sms-brandname', { params: { path: { code: province } } })),
  });
  const [value, setValue] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (brandname: string) =>
      ok(
        api.PUT('/api/v1/provinces/{code}/sms-brandname', {
          params: { path: { code: province } },
          body: { brandname },
          headers: csrfHeader(me?.csrfToken),
        }),
      ),
    onSuccess: async () => {
      setValue(null);
      await client.invalidateQueries({ queryKey: ['sms-brandname', province] });
    },
  });
  const c = current.data;
  if (!c) return null;
  return (
    <Card size="small" title="Tên hiển thị tin nhắn SMS gửi người nộp" style={{ marginBottom: 16 }}>
      <Typography.Paragraph>
        {c.brandname ? (
          <>
            Đang dùng: <b>{c.brandname}</b>
          </>
        ) : (
          'Chưa đặt: tin nhắn mang tên chung của hệ thống.'
        )}
      </Typography.Paragraph>
      {c.canEdit ? (
        <Space wrap>
          <Input
            aria-label="Tên hiển thị SMS"
            placeholder="VD: UBND HANOI (tối đa 11 ký tự không dấu)"
            maxLength={11}
            style={{ width: 280 }}
            value={value ?? c.brandname ?? ''}
            onChange={(e) => setValue(e.target.value)}
          />
          <Button
            type="primary"
            disabled={value === null || value.trim() === ''}
            loading={save.isPending}
            onClick={() => save.mutate((value ?? '').trim())}
          >
            Lưu tên hiển thị
          </Button>
        </Space>
      ) : null}
      {save.error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title={save.error instanceof ApiError ? save.error.message : String(save.error)}
        />
      ) : null}
    </Card>
  );
}
