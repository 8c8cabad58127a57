import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { toDataURL } from 'qrcode';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import type { Grant } from '../../../src/contracts/auth.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { api, ok, csrfHeader } from '../api';
import { useMe, useSessionChanged } from '../auth';
import { Guide } from '../components/Guide';
import { formatInstant } from '../format';
import { paths } from '../paths';

/** My account: who I am, my roles, password, second factor, sign out everywhere. */
export function MyAccountPage() {
  const me = useMe();
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  if (me.isLoading) return null;
  if (!me.data) return <Navigate to={paths.login} replace state={{ from: paths.myAccount }} />;
  const m = me.data;
  const logoutAll = async () => {
    await ok(api.POST('/api/v1/auth/logout-all', { headers: { ...csrfHeader(m.csrfToken) } }));
    await sessionChanged();
    navigate(paths.login);
  };
  return (
    <>
      <Typography.Title level={2}>Tài khoản của tôi</Typography.Title>
      {m.stage === 'change_password' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="Mật khẩu của bạn là mật khẩu tạm: hãy đổi mật khẩu để tiếp tục làm việc."
        />
      )}
      {m.stage === 'enroll_totp' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="Vai trò quản trị yêu cầu xác thực hai lớp: hãy thiết lập bên dưới để tiếp tục."
        />
      )}
      <Guide title="Thông tin, vai trò và bảo mật tài khoản">
        Vai trò do quản trị viên giao, mỗi vai trò gắn với một cơ quan và có thời hạn. Mật khẩu cần ít nhất 12
        ký tự, không chứa tên đăng nhập; có thể dùng một câu tiếng Việt dễ nhớ. Phiên làm việc tự kết thúc sau
        15 phút không thao tác.
      </Guide>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Card>
          <Descriptions size="small" column={{ xs: 1, lg: 2 }}>
            <Descriptions.Item label="Họ và tên">{m.fullName}</Descriptions.Item>
            <Descriptions.Item label="Tên đăng nhập">{m.username}</Descriptions.Item>
            <Descriptions.Item label="Cơ quan">{m.agency.name}</Descriptions.Item>
            <Descriptions.Item label="Chức danh">{m.position ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Table<Grant>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={m.grants}
            title={() => <strong>Vai trò đang hiệu lực</strong>}
            locale={{ emptyText: 'Chưa được giao vai trò nào' }}
            columns={[
              {
                title: 'Vai trò',
                dataIndex: 'role',
                render: (r: Grant['role']) => <Tag color="red">{vi.role[r]}</Tag>,
              },
              { title: 'Tại cơ quan', dataIndex: ['agency', 'name'] },
              {
                title: 'Đến',
                dataIndex: 'validTo',
                render: (v: string | null) => (v ? formatInstant(v) : 'Không thời hạn'),
              },
            ]}
          />
        </Card>
        <ChangePassword csrf={m.csrfToken} />
        {m.secondFactor !== 'enrolled' && (
          <EnrollTotp csrf={m.csrfToken} required={m.secondFactor === 'required'} />
        )}
        <Button danger onClick={logoutAll}>
          Đăng xuất khỏi mọi thiết bị
        </Button>
      </Space>
    </>
  );
}

function ChangePassword({ csrf }: { csrf: string }) {
  const sessionChanged = useSessionChanged();
  const [form] = Form.useForm();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (values: { currentPassword: string; newPassword: string }) => {
    try {
      await ok(api.POST('/api/v1/me/password', { body: values, headers: { ...csrfHeader(csrf) } }));
      form.resetFields();
      setMessage({ ok: true, text: 'Đã đổi mật khẩu. Các phiên đăng nhập khác đã được kết thúc.' });
      await sessionChanged();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <Card title="Đổi mật khẩu" size="small">
      {message && (
        <Alert
          type={message.ok ? 'success' : 'error'}
          showIcon
          title={message.text}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form form={form} layout="inline" onFinish={submit}>
        <Form.Item name="currentPassword" rules={[{ required: true, message: 'Nhập mật khẩu hiện tại' }]}>
          <Input.Password
            placeholder="Mật khẩu hiện tại"
            autoComplete="current-password"
            aria-label="Mật khẩu hiện tại"
          />
        </Form.Item>
        <Form.Item name="newPassword" rules={[{ required: true, min: 12, message: 'Ít nhất 12 ký tự' }]}>
          <Input.Password
            placeholder="Mật khẩu mới (≥ 12 ký tự)"
            autoComplete="new-password"
            aria-label="Mật khẩu mới"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          Đổi mật khẩu
        </Button>
      </Form>
    </Card>
  );
}

function EnrollTotp({ csrf, required }: { csrf: string; required: boolean }) {
  const sessionChanged = useSessionChanged();
  const [setup, setSetup] = useState<{ secret: string; qr: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    const s = await ok(api.POST('/api/v1/me/totp/setup', { body: {}, headers: { ...csrfHeader(csrf) } }));
    setSetup({ secret: s.secret, qr: await toDataURL(s.uri, { margin: 1, width: 180 }) });
  };
  const confirm = async (values: { otp: string }) => {
    try {
      await ok(api.POST('/api/v1/me/totp/confirm', { body: values, headers: { ...csrfHeader(csrf) } }));
      setSetup(null);
      await sessionChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card title={`Xác thực hai lớp (TOTP)${required ? ' — bắt buộc với vai trò quản trị' : ''}`} size="small">
      {!setup && (
        <Button type="primary" onClick={start}>
          Thiết lập xác thực hai lớp
        </Button>
      )}
      {setup && (
        <Space align="start" size="large" wrap>
          <img src={setup.qr} alt="Mã QR để thêm vào ứng dụng xác thực" width={180} height={180} />
          <div>
            <Typography.Paragraph>
              Quét mã QR bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…) hoặc nhập
              khóa:{' '}
              <Typography.Text code copyable>
                {setup.secret}
              </Typography.Text>
            </Typography.Paragraph>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Form layout="inline" onFinish={confirm}>
              <Form.Item
                name="otp"
                rules={[{ required: true, pattern: /^\d{6}$/, message: 'Mã gồm 6 chữ số' }]}
              >
                <Input
                  placeholder="Mã 6 số"
                  inputMode="numeric"
                  maxLength={6}
                  aria-label="Mã OTP"
                  autoFocus
                />
              </Form.Item>
              <Button type="primary" htmlType="submit">
                Xác nhận
              </Button>
            </Form>
          </div>
        </Space>
      )}
    </Card>
  );
}
