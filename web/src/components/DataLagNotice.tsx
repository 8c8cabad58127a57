import { Alert } from 'antd';
import { useDataLag } from '../dataLag';

/** Says when the figures on screen come from a standby that is behind (5 seconds or more). */
export function DataLagNotice() {
  const lag = useDataLag();
  if (lag === null || lag < 5) return null;
  const behind = lag < 120 ? `${lag} giây` : `${Math.round(lag / 60)} phút`;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={`Số liệu đọc từ bản sao dự phòng, chậm khoảng ${behind} so với dữ liệu đang xử lý`}
      description="Hồ sơ vừa tiếp nhận hoặc vừa xử lý sẽ có trong số liệu khi bản sao cập nhật xong."
    />
  );
}
