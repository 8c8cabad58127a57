import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { SupportContacts } from '../components/SupportContacts';

export function NotFoundPage() {
  return (
    <Result
      status="404"
      title="Không tìm thấy trang"
      subTitle="Đường dẫn không tồn tại hoặc đã thay đổi."
      extra={
        <>
          <Link to="/">
            <Button type="primary">Về trang tổng quan</Button>
          </Link>
          <SupportContacts />
        </>
      }
    />
  );
}
