import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, sendFile, type AnswerOf } from '../../api';
import { useMe } from '../../auth';
import { Guide } from '../../components/Guide';
import { paths } from '../../paths';

type Report = AnswerOf<'/api/v1/agencies/import', 'post'>;
const outcomeName = { created: 'Thêm mới', updated: 'Sửa', closed: 'Đóng' } as const;

/**
 * Importing the e-ID register: the file is checked first (a dry run, nothing written) and the
 * report shown row by row; only then is the same file applied.
 */
export function AgencyImportPage() {
  const me = useMe().data;
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const send = async (f: File, dryRun: boolean) => {
    setBusy(true);
    setError([]);
    try {
      setReport(await sendFile<Report>(`/api/v1/agencies/import?dryRun=${dryRun}`, f, me?.csrfToken));
      if (!dryRun) await client.invalidateQueries({ queryKey: ['agencies'] });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setReport(null);
      setError([e.message, ...(e.problem.errors ?? []).map((x) => x.message)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Breadcrumb
        items={[{ title: <Link to={paths.agencies}>Cơ quan, đơn vị</Link> }, { title: 'Nhập danh mục' }]}
      />
      <Typography.Title level={2}>Nhập danh mục mã định danh</Typography.Title>
      <Guide title="Nhập danh mục cơ quan từ tệp, kiểm tra trước khi ghi">
        Tệp CSV (UTF-8 hoặc Windows-1258) hoặc Excel có các cột: Mã định danh, Tên cơ quan, Loại, Mã cơ quan
        cấp trên, Mã đơn vị hành chính, Hiệu lực từ, Hiệu lực đến (không bắt buộc). Hệ thống kiểm tra từng
        dòng và báo trước dòng nào sẽ thêm, sửa, đóng hay bị từ chối và vì sao; chưa ghi gì cho đến khi bấm
        “Áp dụng”. Dòng bị từ chối không được ghi, các dòng khác vẫn được nhập; nhập lại cùng tệp không thay
        đổi gì. Cơ quan còn giữ hồ sơ chưa xong không đóng được.
      </Guide>
      <Upload.Dragger
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        disabled={busy}
        beforeUpload={(f) => {
          setFile(f);
          void send(f, true);
          return false;
        }}
        style={{ marginBottom: 16 }}
      >
        <p>
          <InboxOutlined style={{ fontSize: 32 }} />
        </p>
        <p>
          {file
            ? `Tệp: ${file.name}. Kéo thả hoặc bấm để chọn tệp khác`
            : 'Kéo thả hoặc bấm để chọn tệp danh mục'}
        </p>
      </Upload.Dragger>
      {error.length > 0 ? (
        <Alert type="error" showIcon title={error[0]} description={error.slice(1).join('; ') || undefined} />
      ) : null}
      {report ? (
        <Card
          size="small"
          title={report.dryRun ? 'Kết quả kiểm tra (chưa ghi)' : 'Đã nhập'}
          extra={
            report.dryRun && file ? (
              <Button
                type="primary"
                loading={busy}
                disabled={report.created + report.updated + report.closed === 0}
                onClick={() => void send(file, false)}
              >
                Áp dụng {report.created + report.updated + report.closed} thay đổi
              </Button>
            ) : null
          }
        >
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={4}>
              <Statistic title="Thêm mới" value={report.created} />
            </Col>
            <Col span={4}>
              <Statistic title="Sửa" value={report.updated} />
            </Col>
            <Col span={4}>
              <Statistic title="Đóng" value={report.closed} />
            </Col>
            <Col span={4}>
              <Statistic title="Không đổi" value={report.unchanged} />
            </Col>
            <Col span={4}>
              <Statistic
                title="Dòng bị từ chối"
                value={report.refused.length}
                styles={{ content: { color: report.refused.length > 0 ? '#cf1322' : undefined } }}
              />
            </Col>
          </Row>
          {report.refused.length > 0 ? (
            <Table
              size="small"
              rowKey={(r) => `${r.row}/${r.field}/${r.message}`}
              dataSource={report.refused}
              title={() => <strong>Dòng bị từ chối</strong>}
              pagination={{ pageSize: 20, showSizeChanger: false }}
              columns={[
                { title: 'Dòng', dataIndex: 'row', width: 80 },
                { title: 'Cột', dataIndex: 'field', width: 220 },
                { title: 'Lý do', dataIndex: 'message' },
              ]}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          {report.changes.length > 0 ? (
            <Table
              size="small"
              rowKey="row"
              dataSource={report.changes}
              title={() => <strong>{report.dryRun ? 'Sẽ thay đổi' : 'Đã thay đổi'}</strong>}
              pagination={{ pageSize: 20, showSizeChanger: false }}
              columns={[
                { title: 'Dòng', dataIndex: 'row', width: 80 },
                {
                  title: 'Mã định danh',
                  dataIndex: 'code',
                  width: 180,
                  render: (c: string) =>
                    report.dryRun ? <code>{c}</code> : <Link to={paths.agency(c)}>{c}</Link>,
                },
                {
                  title: 'Thay đổi',
                  dataIndex: 'outcome',
                  render: (o: keyof typeof outcomeName) => (
                    <Tag color={o === 'closed' ? 'orange' : o === 'created' ? 'green' : 'blue'}>
                      {outcomeName[o]}
                    </Tag>
                  ),
                },
              ]}
            />
          ) : (
            <Space>
              <Typography.Text type="secondary">Không có thay đổi nào.</Typography.Text>
            </Space>
          )}
        </Card>
      ) : null}
    </>
  );
}
