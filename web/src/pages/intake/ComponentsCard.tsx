import { DatabaseOutlined, InboxOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  Form,
  InputNumber,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  type FormInstance,
} from 'antd';
import type { WarehouseOffer } from '../../../../src/contracts/warehouse.js';
import { isCitizenId } from '../../../../src/domain/dossier/idNumbers.js';
import { api, ok } from '../../api';
import { componentFor, type IntakeRow } from './intakeRows';
import { formatDay } from '../../format';

const scanTypes = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.xlsx';

/**
 * Step 3 of intake: the components handed in, their copies and scans; where the applicant's data
 * warehouse holds an accepted paper, "Dùng từ Kho dữ liệu" takes it instead of a scan.
 */
export function ComponentsCard(props: {
  form: FormInstance;
  procedureCode: string | undefined;
  caseCode: string;
  rows: IntakeRow[];
  residentFound: boolean;
  setRow: (code: string, change: Partial<IntakeRow>) => void;
  /** Adds a scan to a component, which is then marked received (several files may come at once). */
  addScan: (code: string, file: File) => void;
}) {
  const { rows, setRow, addScan } = props;
  const offersFor = useWarehouseOffers(props);
  return (
    <Card size="small" title="3. Thành phần hồ sơ và bản quét" style={{ marginBottom: 12 }}>
      {rows.length > 1 ? (
        <Upload.Dragger
          multiple
          showUploadList={false}
          accept={scanTypes}
          beforeUpload={(file) => {
            const code = componentFor(rows, file);
            if (code) addScan(code, file);
            return false;
          }}
          style={{ marginBottom: 8 }}
        >
          <InboxOutlined /> Kéo thả tất cả bản quét vào đây một lần: tệp đặt tên theo mã thành phần (ví dụ{' '}
          {rows[0]?.component.code}_1.pdf) vào đúng dòng, tệp khác vào giấy tờ bắt buộc còn thiếu bản quét.
        </Upload.Dragger>
      ) : null}
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => r.component.code}
        dataSource={rows}
        locale={{ emptyText: 'Chọn thủ tục để hiện danh sách giấy tờ' }}
        columns={[
          {
            title: 'Đã nhận',
            width: 80,
            render: (_, r) => (
              <Checkbox
                aria-label={`Đã nhận ${r.component.name}`}
                checked={r.received}
                onChange={(e) => setRow(r.component.code, { received: e.target.checked })}
              />
            ),
          },
          {
            title: 'Giấy tờ',
            render: (_, r) => <ComponentName row={r} residentFound={props.residentFound} />,
          },
          {
            title: 'Số bản',
            width: 90,
            render: (_, r) => (
              <InputNumber
                aria-label={`Số bản ${r.component.name}`}
                min={1}
                max={20}
                size="small"
                value={r.copies}
                onChange={(v) => setRow(r.component.code, { copies: v ?? 1 })}
              />
            ),
          },
          {
            title: 'Bản quét (PDF, ảnh)',
            width: 330,
            render: (_, r) => (
              <ScanCell row={r} offers={offersFor(r.component.code)} setRow={setRow} addScan={addScan} />
            ),
          },
        ]}
      />
    </Card>
  );
}

function ComponentName({ row, residentFound }: { row: IntakeRow; residentFound: boolean }) {
  const c = row.component;
  return (
    <>
      {c.name}
      {c.required ? <Typography.Text type="danger"> *</Typography.Text> : null}
      {c.suppliedByNationalDb ? (
        <div>
          <Tag color={residentFound ? 'green' : 'blue'}>
            {residentFound ? 'Đã khai thác từ' : 'Không yêu cầu nộp, khai thác từ'} {c.suppliedByNationalDb}
          </Tag>
        </div>
      ) : null}
    </>
  );
}

/** A component's scans: the reused warehouse item, the warehouse's offers, or a drop zone. */
function ScanCell(props: {
  row: IntakeRow;
  offers: WarehouseOffer[];
  setRow: (code: string, change: Partial<IntakeRow>) => void;
  addScan: (code: string, file: File) => void;
}) {
  const { row: r, offers, setRow } = props;
  const code = r.component.code;
  if (r.reuse)
    return (
      <Space direction="vertical" size={2}>
        <Tag color="green" icon={<DatabaseOutlined />} style={{ whiteSpace: 'normal' }}>
          Lấy từ Kho dữ liệu: {r.reuse.title}
        </Tag>
        <Button size="small" onClick={() => setRow(code, { reuse: undefined })}>
          Bỏ, dùng bản quét
        </Button>
      </Space>
    );
  if (offers.length > 0)
    return (
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        {offers.map((o) => (
          <Button
            key={o.id}
            size="small"
            type="primary"
            ghost
            icon={<DatabaseOutlined />}
            onClick={() => setRow(code, { reuse: o, received: true })}
            style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'left' }}
          >
            Dùng từ Kho dữ liệu: {o.title}
            {o.issuedOn ? ` (${o.issuingAgency}, ${formatDay(o.issuedOn)})` : ''}
          </Button>
        ))}
      </Space>
    );
  if (r.component.suppliedByNationalDb && !r.received)
    return <Typography.Text type="secondary">Không cần bản quét</Typography.Text>;
  return (
    <Upload.Dragger
      multiple
      accept={scanTypes}
      fileList={r.files.map((f, i) => ({ uid: `${i}-${f.name}`, name: f.name, status: 'done' as const }))}
      beforeUpload={(file) => {
        props.addScan(code, file);
        return false;
      }}
      onRemove={(f) => setRow(code, { files: r.files.filter((x, i) => `${i}-${x.name}` !== f.uid) })}
      style={{ padding: 0 }}
    >
      <span style={{ fontSize: 12 }}>
        <InboxOutlined /> Kéo thả hoặc bấm để chọn tệp
      </span>
    </Upload.Dragger>
  );
}

/**
 * What the applicant's data warehouse holds that this procedure accepts instead of a scan, by
 * component (looked up once per applicant and procedure: each look is in the holder's access history).
 */
function useWarehouseOffers(props: {
  form: FormInstance;
  procedureCode: string | undefined;
  caseCode: string;
  rows: IntakeRow[];
}) {
  const { procedureCode, caseCode, rows } = props;
  const idNumber = Form.useWatch<string | undefined>('idNumber', props.form);
  const offers = useQuery({
    queryKey: ['warehouse-offers', idNumber, procedureCode, caseCode],
    queryFn: () =>
      ok(
        api.GET('/api/v1/warehouse/offers', {
          params: { query: { idNumber: idNumber ?? '', procedureCode: procedureCode ?? '', caseCode } },
        }),
      ),
    enabled:
      procedureCode !== undefined &&
      idNumber !== undefined &&
      isCitizenId(idNumber) &&
      rows.some(
        (r) =>
          (r.component.replaceableByResults ?? []).length +
            (r.component.replaceableByComponents ?? []).length >
          0,
      ),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
  return (code: string) => (offers.data?.items ?? []).filter((o) => o.components.includes(code));
}
