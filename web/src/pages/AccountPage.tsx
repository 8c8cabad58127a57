import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Grant, Me } from '../../../src/contracts/auth.js';
import { roles, type Role } from '../../../src/domain/access/roles.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { api, ok, csrfHeader, type AnswerOf } from '../api';
import { can } from '../auth';
import { Guide } from '../components/Guide';
import { RequireStaff } from '../components/RequireStaff';
import { formatInstant } from '../format';
import { paths } from '../paths';
import { AgencySelect } from './AccountsPage';

export function AccountPage() {
  return <RequireStaff permission="account.read">{(me) => <Account me={me} />}</RequireStaff>;
}

/** One account: details, lock/unlock, password reset, grants with grant and revoke. */
function Account({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const account = useQuery({
    queryKey: ['account', id],
    queryFn: () => ok(api.GET('/api/v1/accounts/{id}', { params: { path: { id } } })),
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [temporary, setTemporary] = useState<string | null>(null);
  const [invitation, setInvitation] = useState<AnswerOf<'/api/v1/accounts/{id}/activation', 'post'> | null>(
    null,
  );
  const manage = can(me, 'account.manage');
  const refresh = () => client.invalidateQueries({ queryKey: ['account', id] });
  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setMessage({ ok: true, text: done });
      await refresh();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };

  if (account.error)
    return (
      <Alert
        type="error"
        showIcon
        title={account.error.message}
        action={<Link to={paths.accounts}>Danh sách</Link>}
      />
    );
  const a = account.data;
  if (!a) return null;
  return (
    <>
      <Breadcrumb
        items={[{ title: <Link to={paths.accounts}>Tài khoản, phân quyền</Link> }, { title: a.username }]}
      />
      <Typography.Title level={2}>{a.fullName}</Typography.Title>
      <Guide title="Giao vai trò đúng vị trí công tác">
        Mỗi vai trò gắn với một cơ quan và có thể có ngày kết thúc (ví dụ ủy quyền khi lãnh đạo đi công tác).
        Chỉ giao được tại cơ quan trong phạm vi quản trị của bạn và không cao hơn vai trò của bạn. Thu hồi có
        hiệu lực ngay; cán bộ được thay đổi vai trò phải đăng nhập lại. Cán bộ chưa đặt mật khẩu (liên kết
        kích hoạt bị mất hoặc hết hạn) được gửi lại liên kết mới; cán bộ quên mật khẩu được cấp mật khẩu tạm.
      </Guide>
      {message && (
        <Alert
          type={message.ok ? 'success' : 'error'}
          showIcon
          closable
          title={message.text}
          style={{ marginBottom: 16 }}
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, lg: 2 }}>
          <Descriptions.Item label="Tên đăng nhập">{a.username}</Descriptions.Item>
          <Descriptions.Item label="Cơ quan">{a.agency.name}</Descriptions.Item>
          <Descriptions.Item label="Chức danh">{a.position ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="Trạng thái">
            {a.active ? <Tag color="green">Hoạt động</Tag> : <Tag>Đã khóa</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="Điện thoại">{a.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="Thư điện tử">{a.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="Xác thực hai lớp">
            {a.secondFactor ? 'Đã thiết lập' : 'Chưa thiết lập'}
          </Descriptions.Item>
        </Descriptions>
        {manage && (
          <Space wrap style={{ marginTop: 16 }}>
            <Popconfirm
              title="Cấp mật khẩu tạm mới? Mọi phiên đăng nhập của tài khoản sẽ kết thúc."
              okText="Cấp lại"
              cancelText="Thôi"
              onConfirm={() =>
                act(async () => {
                  const r = await ok(
                    api.POST('/api/v1/accounts/{id}/reset-password', {
                      params: { path: { id } },
                      headers: { ...csrfHeader(me.csrfToken) },
                    }),
                  );
                  setTemporary(r.temporaryPassword);
                }, 'Đã cấp mật khẩu tạm.')
              }
            >
              <Button>Cấp lại mật khẩu</Button>
            </Popconfirm>
            {a.activationPending && (
              <Popconfirm
                title="Gửi liên kết kích hoạt mới? Liên kết đã gửi trước đó sẽ hết hiệu lực."
                okText="Gửi"
                cancelText="Thôi"
                onConfirm={() =>
                  act(async () => {
                    setInvitation(
                      await ok(
                        api.POST('/api/v1/accounts/{id}/activation', {
                          params: { path: { id } },
                          headers: { ...csrfHeader(me.csrfToken) },
                        }),
                      ),
                    );
                  }, 'Đã tạo liên kết kích hoạt mới.')
                }
              >
                <Button>Gửi lại liên kết kích hoạt</Button>
              </Popconfirm>
            )}
            <Button
              danger={a.active}
              onClick={() =>
                act(
                  () =>
                    ok(
                      api.PATCH('/api/v1/accounts/{id}', {
                        params: { path: { id } },
                        body: { active: !a.active },
                        headers: { ...csrfHeader(me.csrfToken) },
                      }),
                    ),
                  a.active ? 'Đã khóa tài khoản.' : 'Đã mở khóa tài khoản.',
                )
              }
            >
              {a.active ? 'Khóa tài khoản' : 'Mở khóa'}
            </Button>
          </Space>
        )}
      </Card>
      <Table<Grant>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={a.grants}
        title={() => <strong>Vai trò được giao</strong>}
        locale={{ emptyText: 'Chưa có vai trò' }}
        columns={[
          { title: 'Vai trò', dataIndex: 'role', render: (r: Role) => vi.role[r] },
          { title: 'Tại cơ quan', dataIndex: ['agency', 'name'] },
          { title: 'Từ', dataIndex: 'validFrom', render: (v: string) => formatInstant(v) },
          {
            title: 'Đến',
            dataIndex: 'validTo',
            render: (v: string | null) => (v ? formatInstant(v) : 'Không thời hạn'),
          },
          {
            title: 'Ghi chú',
            dataIndex: 'reason',
            render: (r: string | null, g) => (g.delegatedBy ? `Ủy quyền: ${r ?? ''}` : (r ?? '')),
          },
          {
            title: '',
            key: 'actions',
            width: 120,
            render: (_, g) =>
              g.revokedAt ? (
                <Tag>Đã thu hồi</Tag>
              ) : (
                manage && (
                  <Popconfirm
                    title="Thu hồi vai trò này? Có hiệu lực ngay."
                    okText="Thu hồi"
                    cancelText="Thôi"
                    onConfirm={() =>
                      act(
                        () =>
                          ok(
                            api.DELETE('/api/v1/accounts/{id}/grants/{grantId}', {
                              params: { path: { id, grantId: g.id } },
                              headers: { ...csrfHeader(me.csrfToken) },
                            }),
                          ),
                        'Đã thu hồi vai trò.',
                      )
                    }
                  >
                    <Button size="small" danger>
                      Thu hồi
                    </Button>
                  </Popconfirm>
                )
              ),
          },
        ]}
      />
      {manage && (
        <GrantForm
          accountId={id}
          csrf={me.csrfToken}
          agency={a.agency}
          onDone={(text, ok) => (setMessage({ ok, text }), refresh())}
        />
      )}
      <Modal
        open={invitation !== null}
        title="Liên kết kích hoạt"
        onOk={() => setInvitation(null)}
        onCancel={() => setInvitation(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        {invitation && (
          <>
            <Typography.Paragraph>
              {invitation.sentTo.length > 0
                ? `Đã gửi tới ${invitation.sentTo
                    .map((d) => (d === 'email' ? 'thư điện tử' : 'số điện thoại'))
                    .join(' và ')} của cán bộ.`
                : 'Tài khoản chưa có thư điện tử hay số điện thoại: hãy trao liên kết trực tiếp cho cán bộ.'}{' '}
              Dùng một lần, hết hạn {formatInstant(invitation.expiresAt)}; không chuyển cho người khác.
            </Typography.Paragraph>
            <Typography.Text code copyable>
              {new URL(invitation.link, window.location.origin).href}
            </Typography.Text>
          </>
        )}
      </Modal>
      <Modal
        open={temporary !== null}
        title="Mật khẩu tạm"
        onOk={() => setTemporary(null)}
        onCancel={() => setTemporary(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Typography.Paragraph>
          Chỉ hiển thị một lần. Cán bộ phải đổi mật khẩu ở lần đăng nhập tới:{' '}
          <Typography.Text code copyable>
            {temporary}
          </Typography.Text>
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

interface GrantFields {
  role: Role;
  agencyCode: string;
  validTo?: Dayjs;
  reason?: string;
}

function GrantForm({
  accountId,
  csrf,
  agency,
  onDone,
}: {
  accountId: string;
  csrf: string;
  agency: { code: string; name: string };
  onDone: (text: string, ok: boolean) => void;
}) {
  const [form] = Form.useForm<GrantFields>();
  const submit = async (v: GrantFields) => {
    try {
      await ok(
        api.POST('/api/v1/accounts/{id}/grants', {
          params: { path: { id: accountId } },
          body: {
            role: v.role,
            agencyCode: v.agencyCode,
            validTo: v.validTo?.endOf('day').toISOString(),
            reason: v.reason || undefined,
          },
          headers: { ...csrfHeader(csrf) },
        }),
      );
      form.resetFields();
      onDone('Đã giao vai trò. Cán bộ cần đăng nhập lại.', true);
    } catch (e) {
      onDone(e instanceof Error ? e.message : String(e), false);
    }
  };
  return (
    <Card title="Giao vai trò" size="small" style={{ marginTop: 16 }}>
      <Form<GrantFields>
        form={form}
        layout="inline"
        onFinish={submit}
        initialValues={{ agencyCode: agency.code }}
      >
        <Form.Item name="role" rules={[{ required: true, message: 'Chọn vai trò' }]}>
          <Select
            style={{ width: 200 }}
            placeholder="Vai trò"
            aria-label="Vai trò"
            options={roles.map((r) => ({ value: r, label: vi.role[r] }))}
          />
        </Form.Item>
        <Form.Item name="agencyCode" rules={[{ required: true }]} style={{ minWidth: 320 }}>
          <AgencySelect initial={agency} />
        </Form.Item>
        <Form.Item name="validTo">
          <DatePicker placeholder="Đến ngày (tùy chọn)" format="DD/MM/YYYY" aria-label="Đến ngày" />
        </Form.Item>
        <Form.Item name="reason">
          <Input placeholder="Ghi chú, lý do" aria-label="Lý do" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          Giao vai trò
        </Button>
      </Form>
    </Card>
  );
}
