import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { ApiError, api, ok, csrfHeader } from '../api';
import { CitizenWarehouse } from '../components/CitizenWarehouse';
import { Guide } from '../components/Guide';

/** The citizen's corner: sign in with the national identity (VNeID), then their data warehouse. */
export function CitizenPage() {
  const [params] = useSearchParams();
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ['citizen'],
    queryFn: async () => {
      try {
        return await ok(api.GET('/api/v1/citizen/me'));
      } catch (e) {
        if (e instanceof ApiError && e.problem.status === 401) return null;
        throw e;
      }
    },
  });
  const logout = async () => {
    await ok(api.POST('/api/v1/citizen/logout', { headers: { ...csrfHeader(undefined) } }));
    await client.invalidateQueries({ queryKey: ['citizen'] });
  };
  return (
    <>
      <Typography.Title level={2}>Dành cho công dân</Typography.Title>
      <Guide title="Đăng nhập bằng tài khoản định danh điện tử VNeID">
        Công dân đăng nhập bằng tài khoản VNeID (qua Cổng Dịch vụ công quốc gia) để xem Kho dữ liệu của mình:
        kết quả điện tử đã được cấp và giấy tờ đã số hóa trong các hồ sơ trước. Khi làm thủ tục mới, cán bộ
        một cửa dùng lại giấy tờ trong Kho thay cho bản giấy (nếu bạn cho phép); mọi lần cán bộ xem, dùng giấy
        tờ đều hiện trong mục “Ai đã truy cập giấy tờ của tôi”. Hệ thống không lưu mật khẩu VNeID.
      </Guide>
      {params.get('loi') && (
        <Alert
          type="error"
          showIcon
          title="Đăng nhập VNeID không thành công, vui lòng thử lại."
          style={{ marginBottom: 16 }}
        />
      )}
      {me.data ? (
        <>
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label="Họ và tên">{me.data.fullName}</Descriptions.Item>
              <Descriptions.Item label="Số định danh cá nhân">{me.data.idNumber}</Descriptions.Item>
            </Descriptions>
            <Button onClick={logout}>Đăng xuất</Button>
          </Card>
          <CitizenWarehouse />
        </>
      ) : (
        !me.isLoading && (
          <Button type="primary" size="large" href="/api/v1/citizen/login">
            Đăng nhập bằng VNeID
          </Button>
        )
      )}
    </>
  );
}
