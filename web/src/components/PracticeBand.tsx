import { Alert } from 'antd';

/** The band a practice dossier carries on every screen it appears on (intake, the dossier page). */
export function PracticeBand({ detail }: { detail: string }) {
  return (
    <Alert
      type="error"
      showIcon
      className="practice-band"
      style={{ marginBottom: 12 }}
      title="THỬ NGHIỆM: hồ sơ tập làm, không có giá trị pháp lý"
      description={detail}
    />
  );
}
