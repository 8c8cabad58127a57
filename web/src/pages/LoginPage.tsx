import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, api, ok, csrfHeader } from '../api';
import { useSessionChanged } from '../auth';
import { paths } from '../paths';

interface Fields {
  username: string;
  password: string;
  otp?: string;
}

/** Sign-in for officials: password, then the 6-digit code when their role requires a second factor. */
export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const sessionChanged = useSessionChanged();
  const [needOtp, setNeedOtp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? paths.myAccount;

  const submit = async (values: Fields) => {
    setBusy(true);
    setError(null);
    try {
      const r = await ok(
        api.POST('/api/v1/auth/login', { body: values, headers: { ...csrfHeader(undefined) } }),
      );
      await sessionChanged();
      navigate(r.stage === 'full' ? from : paths.myAccount, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.problem.type.endsWith('/otp-required')) setNeedOtp(true);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 440, margin: '40px auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        Đăng nhập cán bộ
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        Dùng tài khoản do quản trị viên cấp. Tài khoản quản trị cần thêm mã xác thực 6 số từ ứng dụng xác thực
        trên điện thoại. Nhập sai mật khẩu 5 lần liên tiếp sẽ bị tạm khóa.
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {needOtp && (
        <Alert
          type="info"
          showIcon
          title="Nhập mã xác thực hai lớp (OTP) để tiếp tục"
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Fields> layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          label="Tên đăng nhập"
          name="username"
          rules={[{ required: true, message: 'Nhập tên đăng nhập' }]}
        >
          <Input autoFocus autoComplete="username" />
        </Form.Item>
        <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Nhập mật khẩu' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {needOtp && (
          <Form.Item
            label="Mã OTP"
            name="otp"
            rules={[{ required: true, pattern: /^\d{6}$/, message: 'Mã gồm 6 chữ số' }]}
          >
            <Input autoFocus inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={busy}>
          Đăng nhập
        </Button>
      </Form>
    </Card>
  );
}
