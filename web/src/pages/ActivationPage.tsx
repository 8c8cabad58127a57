import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, api, ok } from '../api';
import { useSessionChanged } from '../auth';
import { formatInstant } from '../format';
import { paths } from '../paths';

interface Fields {
  password: string;
  repeat: string;
}

/**
 * An official's first visit, from the link an administrator's import or `create-admin` sent: they
 * choose their password (nobody else ever knew one) and are signed in; an administrator enrols the
 * second factor on the next screen.
 */
export function ActivationPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const [error, setError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const info = useQuery({
    queryKey: ['activation', token],
    queryFn: () => ok(api.GET('/api/v1/activation/{token}', { params: { path: { token } } })),
    retry: false,
  });

  const submit = async (values: Fields) => {
    setBusy(true);
    setError([]);
    try {
      const r = await ok(
        api.POST('/api/v1/activation/{token}', {
          params: { path: { token } },
          body: { password: values.password },
        }),
      );
      await sessionChanged();
      navigate(r.stage === 'full' ? paths.dossiers : paths.myAccount, { replace: true });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError([e.message, ...(e.problem.errors ?? []).map((x) => x.message)]);
    } finally {
      setBusy(false);
    }
  };

  const a = info.data;
  return (
    <Card style={{ maxWidth: 520, margin: '40px auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        Kích hoạt tài khoản
      </Typography.Title>
      {info.error ? <Alert type="error" showIcon title={info.error.message} /> : null}
      {a ? (
        <>
          <Typography.Paragraph type="secondary">
            Đặt mật khẩu của riêng bạn (ít nhất 12 ký tự, không chứa tên đăng nhập). Liên kết này chỉ dùng một
            lần.
            {a.secondFactor
              ? ' Tài khoản quản trị: sau khi đặt mật khẩu, quét mã QR bằng ứng dụng xác thực trên điện thoại để đăng ký xác thực hai lớp.'
              : ''}
          </Typography.Paragraph>
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label="Họ và tên">{a.fullName}</Descriptions.Item>
            <Descriptions.Item label="Tên đăng nhập">
              <code>{a.username}</code>
            </Descriptions.Item>
            <Descriptions.Item label="Cơ quan">{a.agency.name}</Descriptions.Item>
            <Descriptions.Item label="Liên kết hết hạn">{formatInstant(a.expiresAt)}</Descriptions.Item>
          </Descriptions>
          {error.length > 0 ? (
            <Alert
              type="error"
              showIcon
              title={error[0]}
              description={error.slice(1).join('; ') || undefined}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          <Form<Fields> layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item
              label="Mật khẩu mới"
              name="password"
              rules={[{ required: true, min: 12, message: 'Ít nhất 12 ký tự' }]}
            >
              <Input.Password autoFocus autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              label="Nhập lại mật khẩu"
              name="repeat"
              dependencies={['password']}
              rules={[
                { required: true, message: 'Nhập lại mật khẩu' },
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    v === getFieldValue('password')
                      ? Promise.resolve()
                      : Promise.reject(new Error('Hai lần nhập không khớp')),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              Đặt mật khẩu và đăng nhập
            </Button>
          </Form>
        </>
      ) : null}
    </Card>
  );
}
