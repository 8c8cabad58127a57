import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { AuditEntry } from '../../../src/contracts/audit.js';
import { api, ok } from '../api';
import { Guide } from '../components/Guide';
import { ExportButton } from '../components/ExportButton';
import { RequireStaff } from '../components/RequireStaff';
import { formatInstant } from '../format';
import { useDebounced } from '../hooks';

export function AuditPage() {
  return <RequireStaff permission="audit.read">{() => <Audit />}</RequireStaff>;
}

const actionLabels: Record<string, string> = {
  'auth.login': 'Đăng nhập',
  'auth.login_failed': 'Đăng nhập thất bại',
  'auth.login_refused_locked': 'Từ chối do tạm khóa',
  'auth.logout': 'Đăng xuất',
  'auth.logout_everywhere': 'Đăng xuất mọi nơi',
  'account.created': 'Tạo tài khoản',
  'account.updated': 'Sửa tài khoản',
  'account.password_reset': 'Cấp lại mật khẩu',
  'account.password_changed': 'Đổi mật khẩu',
  'account.totp_enrolled': 'Thiết lập xác thực hai lớp',
  'grant.created': 'Giao vai trò',
  'grant.delegated': 'Ủy quyền',
  'grant.revoked': 'Thu hồi vai trò',
};

/** The audit trail within the viewer's reach, newest first, keyset-paged. */
function Audit() {
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const filters = { action: useDebounced(action.trim()), actor: useDebounced(actor.trim()) };
  const cursor = cursors.at(-1);
  const list = useQuery({
    queryKey: ['audit', filters, cursor],
    queryFn: () => ok(api.GET('/api/v1/audit', { params: { query: { ...filters, cursor, limit: 50 } } })),
    placeholderData: (p) => p,
  });
  const next = list.data?.nextCursor;
  return (
    <>
      <Typography.Title level={2}>Nhật ký hệ thống</Typography.Title>
      <Guide title="Ai đã làm gì, khi nào, từ đâu">
        Nhật ký ghi mọi lần đăng nhập (kể cả thất bại), thay đổi tài khoản và phân quyền. Nhật ký chỉ được ghi
        thêm, không sửa, không xóa; mỗi dòng mang mã băm của dòng trước nên mọi can thiệp đều bị phát hiện
        (lệnh <code>verify-audit</code>). Bạn chỉ thấy các sự kiện thuộc phạm vi của mình.
      </Guide>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input
          allowClear
          placeholder="Hành động, ví dụ: auth hoặc grant"
          aria-label="Hành động"
          value={action}
          onChange={(e) => (setAction(e.target.value), setCursors([undefined]))}
          style={{ width: 260 }}
        />
        <Input
          allowClear
          placeholder="Tên đăng nhập người thực hiện"
          aria-label="Người thực hiện"
          value={actor}
          onChange={(e) => (setActor(e.target.value), setCursors([undefined]))}
          style={{ width: 260 }}
        />
        <ExportButton path="/api/v1/audit/export" params={filters} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<AuditEntry>
        rowKey="seq"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={false}
        columns={[
          { title: '#', dataIndex: 'seq', width: 70 },
          { title: 'Thời điểm', dataIndex: 'at', width: 150, render: (v: string) => formatInstant(v) },
          {
            title: 'Hành động',
            dataIndex: 'action',
            width: 200,
            render: (v: string) => actionLabels[v] ?? v,
          },
          {
            title: 'Người thực hiện',
            dataIndex: 'actorUsername',
            width: 170,
            render: (v: string | null, e) =>
              v ?? (e.actorKind === 'anonymous' ? 'Chưa đăng nhập' : e.actorKind),
          },
          {
            title: 'Chi tiết',
            dataIndex: 'detail',
            render: (d: Record<string, unknown>) => (
              <Typography.Text type="secondary">{JSON.stringify(d)}</Typography.Text>
            ),
          },
          { title: 'Địa chỉ', dataIndex: 'ip', width: 120 },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Mới hơn
        </Button>
        <Button disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>
          Cũ hơn
        </Button>
      </Space>
    </>
  );
}
