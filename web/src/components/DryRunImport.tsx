import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Statistic, Table, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { ApiError, sendFile } from '../api';
import { useMe } from '../auth';

interface Refused {
  row: number;
  field: string;
  message: string;
}

/** What every import answers: whether it was a dry run, and the rows refused. */
export interface ImportReport {
  dryRun: boolean;
  refused: Refused[];
}

/**
 * A file imported in two steps: dropped, it is checked on the server (a dry run, nothing written)
 * and the report shown: counts, each refused row with its column and reason, the rows that would
 * change; "Áp dụng" sends the same file to be applied.
 */
export function DryRunImport<R extends ImportReport, C extends object>(props: {
  /** The import's URL without `?dryRun=`. */
  endpoint: string;
  counts: (r: R) => { label: string; value: number }[];
  /** How many rows applying would change (nothing to apply: the button is off). */
  changing: (r: R) => number;
  changes: (r: R) => C[];
  changeColumns: (r: R) => ColumnsType<C>;
  onApplied?: () => void;
}) {
  const me = useMe().data;
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const [error, setError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const send = async (f: File, dryRun: boolean) => {
    setBusy(true);
    setError([]);
    try {
      setReport(await sendFile<R>(`${props.endpoint}?dryRun=${dryRun}`, f, me?.csrfToken));
      if (!dryRun) props.onApplied?.();
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
          {file ? `Tệp: ${file.name}. Kéo thả hoặc bấm để chọn tệp khác` : 'Kéo thả hoặc bấm để chọn tệp'}
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
                disabled={props.changing(report) === 0}
                onClick={() => void send(file, false)}
              >
                Áp dụng {props.changing(report)} thay đổi
              </Button>
            ) : null
          }
        >
          <Row gutter={16} style={{ marginBottom: 16 }}>
            {[...props.counts(report), { label: 'Dòng bị từ chối', value: report.refused.length }].map(
              (c) => (
                <Col span={4} key={c.label}>
                  <Statistic title={c.label} value={c.value} />
                </Col>
              ),
            )}
          </Row>
          {report.refused.length > 0 ? (
            <Table<Refused>
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
          {props.changes(report).length > 0 ? (
            <Table<C>
              size="small"
              rowKey={(c) => String((c as { row?: number }).row)}
              dataSource={props.changes(report)}
              title={() => <strong>{report.dryRun ? 'Sẽ thay đổi' : 'Đã thay đổi'}</strong>}
              pagination={{ pageSize: 20, showSizeChanger: false }}
              columns={props.changeColumns(report)}
            />
          ) : (
            <Typography.Text type="secondary">Không có thay đổi nào.</Typography.Text>
          )}
        </Card>
      ) : null}
    </>
  );
}
