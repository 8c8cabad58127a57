import { PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Dropdown,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import type { DocumentView } from '../../../src/contracts/documents.js';
import { commandRequires } from '../../../src/contracts/dossiers.js';
import { componentsOf } from '../../../src/domain/catalog/procedureVersion.js';
import type { CommandType } from '../../../src/domain/dossier/lifecycle.js';
import { roleDefinitions } from '../../../src/domain/access/roles.js';
import { formKinds } from '../../../src/domain/forms/forms.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { ApiError, sendFile, api, ok, csrfHeader, type BodyOf } from '../api';
import { useMe } from '../auth';
import { Guide } from '../components/Guide';
import { formatInstant } from '../format';
import { DueTag } from './WorklistPage';
import { PostalOrdersCard, PostalReturn } from '../components/PostalReturn';
import { ResultsCard } from '../components/ResultsCard';
import { PaymentsCard } from '../components/PaymentsCard';
import { pendingTab } from '../pendingTab';

/** One dossier: its facts, documents with a viewer, the processing log, and the actions allowed now. */
export function DossierPage() {
  const { code = '' } = useParams();
  const location = useLocation();
  const me = useMe().data;
  const client = useQueryClient();
  const dossier = useQuery({
    queryKey: ['dossier', code],
    queryFn: () => ok(api.GET('/api/v1/dossiers/{code}', { params: { path: { code } } })),
  });
  const documents = useQuery({
    queryKey: ['dossier', code, 'documents'],
    queryFn: () => ok(api.GET('/api/v1/dossiers/{code}/documents', { params: { path: { code } } })),
  });
  const payments = useQuery({
    queryKey: ['dossier', code, 'payments'],
    queryFn: () => ok(api.GET('/api/v1/dossiers/{code}/payments', { params: { path: { code } } })),
    // While the platform has not answered (or the applicant not paid), look again.
    refetchInterval: (q) =>
      q.state.data?.items.some((p) => p.status === 'creating' || p.status === 'waiting') ? 3000 : false,
  });
  const d = dossier.data;
  const procedure = useQuery({
    queryKey: ['procedure', d?.procedureCode],
    queryFn: () =>
      ok(api.GET('/api/v1/procedures/{code}', { params: { path: { code: d?.procedureCode ?? '' } } })),
    enabled: d !== undefined,
  });
  const workflow = useQuery({
    queryKey: ['workflow', d?.procedureCode, d?.versionNo, d?.caseCode],
    queryFn: () =>
      ok(
        api.GET('/api/v1/procedures/{code}/versions/{version}/workflow', {
          params: {
            path: { code: d?.procedureCode ?? '', version: d?.versionNo ?? 0 },
            query: {
              caseCode: d?.caseCode,
            },
          },
        }),
      ),
    enabled: d !== undefined,
  });
  const [action, setAction] = useState<CommandType | null>(null);
  const [viewing, setViewing] = useState<DocumentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();

  if (dossier.isError)
    return <Alert type="error" title="Không mở được hồ sơ" description={(dossier.error as Error).message} />;
  if (!d) return null;

  const content = procedure.data?.versions.find((v) => v.version === d.versionNo)?.content;
  const components = content ? componentsOf(content, d.caseCode) : [];
  const steps = workflow.data?.steps ?? [];
  const current = steps.find((s) => s.code === d.stepCode);
  const myRoles = (me?.grants ?? [])
    .filter(
      (g) => g.agency.code === d.agencyCode || d.consultations.some((c) => c.agencyCode === g.agency.code),
    )
    .map((g) => g.role);
  // The server offers exactly what it would accept (the domain's availableActions); assignment has its own control.
  const actions = d.available.filter((a) => a !== 'assign');
  // Documents are added by those who handle the dossier where it is (the server's dossier.write).
  const canWrite = (me?.grants ?? []).some(
    (g) => g.agency.code === d.agencyCode && roleDefinitions[g.role].permissions.includes('dossier.write'),
  );
  const url = (path = '') => `/api/v1/dossiers/${encodeURIComponent(code)}${path}`;
  const refresh = () => client.invalidateQueries({ queryKey: ['dossier', code] });

  const send = async () => {
    if (!action) return;
    setError(null);
    let values: Record<string, unknown>;
    try {
      values = (await form.validateFields()) as Record<string, unknown>;
    } catch {
      return;
    }
    const body: Record<string, unknown> = { type: action, expectedVersion: d.version, ...values };
    if (action === 'propose_extension' && values['newDue'])
      body['newDue'] = (values['newDue'] as { toISOString(): string }).toISOString();
    if (action === 'consult') body['consultationId'] = `YK${d.version}`;
    const supplementForm = action === 'request_supplement' ? pendingTab() : null;
    try {
      await ok(
        api.POST('/api/v1/dossiers/{code}/actions', {
          params: { path: { code } },
          // Built from the dialog's fields for the chosen command; the server validates it whole.
          body: body as BodyOf<'/api/v1/dossiers/{code}/actions', 'post'>,
          headers: csrfHeader(me?.csrfToken),
        }),
      );
      supplementForm?.show(url('/forms/supplement'));
      setAction(null);
      form.resetFields();
      await refresh();
    } catch (e) {
      supplementForm?.close();
      if (e instanceof ApiError) setError(e.message);
      else throw e;
    }
  };

  const uploadTo = (component: string) => async (file: File) => {
    try {
      await sendFile(
        url(`/documents?component=${encodeURIComponent(component)}&digitization=1`),
        file,
        me?.csrfToken,
      );
      await client.invalidateQueries({ queryKey: ['dossier', code, 'documents'] });
    } catch (e) {
      if (e instanceof ApiError) setError(e.message);
    }
    return false;
  };

  const nextSteps = (current?.moves ?? []).filter(
    (m) => m.kind === (action === 'consult' ? 'consult' : 'next'),
  );
  const backSteps = (current?.moves ?? []).filter((m) => m.kind === 'back');
  const stepOption = (c: string) => ({
    value: c,
    label: `${c} — ${steps.find((s) => s.code === c)?.name ?? c}`,
  });

  return (
    <>
      <Typography.Title level={2}>
        Hồ sơ {d.code}{' '}
        <Tag color={d.status === 5 || d.status === 6 ? 'orange' : 'blue'}>{vi.dossierStatus[d.status]}</Tag>
      </Typography.Title>
      {(location.state as { justReceived?: boolean } | null)?.justReceived ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title="Đã tiếp nhận hồ sơ. Giấy tiếp nhận, hẹn trả kết quả (Mẫu 01) đã mở ở thẻ mới để in."
        />
      ) : null}
      <Guide title="Xử lý hồ sơ">
        Các nút thao tác chỉ hiện việc bạn được làm ở trạng thái hiện tại; mỗi hộp thoại nói trước điều sẽ xảy
        ra. Tài liệu mở xem ngay trong trang. Nút “In phiếu” tạo các mẫu phiếu theo Thông tư 03/2025/TT-VPCP,
        có mã QR để người nộp tra cứu.
      </Guide>
      <Space style={{ marginBottom: 12 }} wrap>
        {actions.map((a) => (
          <Button
            key={a}
            type={a === 'forward' || a === 'issue_result' || a === 'receive' ? 'primary' : 'default'}
            onClick={() => {
              setError(null);
              form.resetFields();
              setAction(a);
            }}
          >
            {vi.actionName[a]}
          </Button>
        ))}
        <Dropdown
          menu={{
            items: formKinds.map((k) => ({ key: k, label: vi.formName[k] })),
            onClick: ({ key }) => window.open(url(`/forms/${key}`), '_blank', 'noopener'),
          }}
        >
          <Button icon={<PrinterOutlined />}>In phiếu</Button>
        </Dropdown>
        <PostalReturn
          code={code}
          canSend={d.status === 9 && myRoles.includes('receiver')}
          applicant={d.applicant}
          csrf={me?.csrfToken}
        />
      </Space>
      {error && !action ? <Alert type="error" title={error} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={16}>
        <Col span={14}>
          <Card size="small" title="Thông tin hồ sơ" style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label="Người nộp">{String(d.applicant['name'] ?? '')}</Descriptions.Item>
              <Descriptions.Item label="Số định danh">
                {String(d.applicant['idNumber'] ?? '')}
              </Descriptions.Item>
              <Descriptions.Item label="Thủ tục" span={2}>
                {d.procedureCode} — {procedure.data?.name}
              </Descriptions.Item>
              <Descriptions.Item label="Tiếp nhận">
                {d.receivedAt ? formatInstant(d.receivedAt) : 'Chưa tiếp nhận'}
              </Descriptions.Item>
              <Descriptions.Item label="Hạn giải quyết">
                <DueTag due={d.dueAt} status={d.status} />
              </Descriptions.Item>
              <Descriptions.Item label="Bước hiện tại">
                {current ? `${current.code} — ${current.name}` : d.stepCode}
              </Descriptions.Item>
              <Descriptions.Item label="Hạn của bước">
                {d.stepDueAt ? formatInstant(d.stepDueAt) : ''}
              </Descriptions.Item>
              <Descriptions.Item label="Nghĩa vụ tài chính">
                {vi.payment[d.payment] ?? d.payment}
              </Descriptions.Item>
              <Descriptions.Item label="Trả kết quả">
                {vi.delivery[d.delivery] ?? d.delivery}
              </Descriptions.Item>
              <Descriptions.Item label="Đồng bộ Cổng DVCQG">{vi.sync[d.sync] ?? d.sync}</Descriptions.Item>
              <Descriptions.Item label="Trích yếu">{d.summary ?? ''}</Descriptions.Item>
            </Descriptions>
          </Card>
          {d.consultations.length > 0 ? (
            <Card size="small" title="Lấy ý kiến (liên thông)" style={{ marginBottom: 12 }}>
              <Table
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={d.consultations}
                columns={[
                  { title: 'Mã', dataIndex: 'id' },
                  { title: 'Cơ quan', dataIndex: 'agencyCode' },
                  { title: 'Trạng thái', dataIndex: 'status' },
                  { title: 'Hạn trả lời', dataIndex: 'due', render: (t: string) => formatInstant(t) },
                ]}
              />
            </Card>
          ) : null}
          <Card size="small" title="Quá trình xử lý (Phiếu kiểm soát)">
            <Table
              size="small"
              pagination={false}
              rowKey="seq"
              dataSource={d.log}
              columns={[
                { title: '#', dataIndex: 'seq', width: 40 },
                { title: 'Thao tác', dataIndex: 'type', render: (t: string) => vi.actionName[t] ?? t },
                { title: 'Lúc', dataIndex: 'at', render: (t: string) => formatInstant(t) },
                { title: 'Trạng thái', render: (_, l) => vi.dossierStatus[l.toStatus] },
                { title: 'Bước', render: (_, l) => l.toStep ?? '' },
                {
                  title: 'Đúng hạn?',
                  dataIndex: 'stepVerdict',
                  render: (v: string | null) =>
                    v ? (
                      <Tag color={v === 'late' ? 'red' : 'green'}>
                        {v === 'late' ? 'Quá hạn' : v === 'early' ? 'Trước hạn' : 'Đúng hạn'}
                      </Tag>
                    ) : null,
                },
                { title: 'Ghi chú', render: (_, l) => String(l.data['reason'] ?? l.data['note'] ?? '') },
              ]}
            />
          </Card>
        </Col>
        <Col span={10}>
          {(payments.data?.items.length ?? 0) > 0 && (
            <PaymentsCard
              code={code}
              items={payments.data?.items ?? []}
              canRefund={myRoles.includes('leader')}
              csrf={me?.csrfToken}
            />
          )}
          <ResultsCard code={code} />
          <PostalOrdersCard code={code} />
          <Card size="small" title="Tài liệu" style={{ marginBottom: 12 }}>
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={documents.data?.items ?? []}
              locale={{ emptyText: 'Chưa có tài liệu' }}
              columns={[
                {
                  title: 'Thành phần',
                  render: (_, x) =>
                    components.find((c) => c.code === x.componentCode)?.name ?? x.componentCode,
                },
                {
                  title: 'Tệp',
                  render: (_, x) => (
                    <Button type="link" size="small" onClick={() => setViewing(x)}>
                      {x.fileName}
                    </Button>
                  ),
                },
                {
                  title: 'Số hóa',
                  width: 150,
                  render: (_, x) => (
                    <Tag color={x.digitization >= 2 ? 'green' : 'default'}>
                      {vi.digitizationName[x.digitization]}
                    </Tag>
                  ),
                },
                { title: 'Bản', dataIndex: 'version', width: 50 },
                { title: 'Trang', dataIndex: 'pages', width: 60 },
              ]}
            />
            {canWrite && actions.length > 0 && components.length > 0 ? (
              <Space wrap style={{ marginTop: 8 }}>
                {components.map((c) => (
                  <Upload
                    key={c.code}
                    showUploadList={false}
                    beforeUpload={uploadTo(c.code)}
                    accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.xlsx"
                  >
                    <Button size="small" icon={<UploadOutlined />}>
                      Tải tệp: {c.name}
                    </Button>
                  </Upload>
                ))}
              </Space>
            ) : null}
          </Card>
          {viewing ? (
            <Card
              size="small"
              title={`Xem: ${viewing.fileName}`}
              extra={
                <Button size="small" onClick={() => setViewing(null)}>
                  Đóng
                </Button>
              }
            >
              {viewing.contentType.startsWith('image/') && viewing.contentType !== 'image/tiff' ? (
                <img
                  src={url(`/documents/${viewing.id}/content`)}
                  alt={viewing.fileName}
                  style={{ maxWidth: '100%' }}
                />
              ) : viewing.contentType === 'application/pdf' ? (
                <iframe
                  title={viewing.fileName}
                  src={url(`/documents/${viewing.id}/content`)}
                  style={{ width: '100%', height: 480, border: 0 }}
                />
              ) : (
                <a href={url(`/documents/${viewing.id}/content?download=1`)}>Tải về</a>
              )}
            </Card>
          ) : null}
        </Col>
      </Row>
      <Modal
        open={action !== null}
        title={action ? vi.actionName[action] : ''}
        okText="Thực hiện"
        cancelText="Hủy"
        onOk={() => void send()}
        onCancel={() => setAction(null)}
        destroyOnHidden
      >
        {action ? (
          <Alert type="info" showIcon title={vi.actionConsequence[action]} style={{ marginBottom: 12 }} />
        ) : null}
        <Form form={form} layout="vertical" preserve={false}>
          {action === 'forward' || action === 'consult' ? (
            <Form.Item
              name="toStep"
              label="Đến bước"
              rules={[{ required: true, message: 'Chọn bước' }]}
              initialValue={nextSteps[0]?.to}
            >
              <Select options={nextSteps.map((m) => stepOption(m.to))} />
            </Form.Item>
          ) : null}
          {action === 'return_to_step' ? (
            <Form.Item
              name="toStep"
              label="Trả về bước"
              rules={[{ required: true, message: 'Chọn bước' }]}
              initialValue={backSteps[0]?.to}
            >
              <Select options={backSteps.map((m) => stepOption(m.to))} />
            </Form.Item>
          ) : null}
          {action === 'transfer' ? (
            <Form.Item
              name="agencyCode"
              label="Mã định danh cơ quan có thẩm quyền"
              extra="Cơ quan phải có cán bộ đang giữ vai trò nhận hồ sơ ở bước hiện tại."
              rules={[{ required: true, whitespace: true, message: 'Nhập mã cơ quan' }]}
            >
              <Input maxLength={40} placeholder="000.00.00.H01" />
            </Form.Item>
          ) : null}
          {action === 'request_supplement' ? (
            <Form.Item
              name="components"
              label="Giấy tờ cần bổ sung"
              rules={[{ required: true, message: 'Chọn ít nhất một giấy tờ' }]}
            >
              <Select mode="multiple" options={components.map((c) => ({ value: c.code, label: c.name }))} />
            </Form.Item>
          ) : null}
          {action === 'request_payment' ? (
            <Form.Item
              name="amount"
              label="Số tiền (đồng)"
              rules={[{ required: true, message: 'Nhập số tiền' }]}
            >
              <InputNumber min={1} step={1000} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          {action === 'request_payment' && myRoles.includes('leader') ? (
            <Form.Item
              name="reason"
              label="Lý do (khi yêu cầu vượt mức phí, lệ phí đã công bố)"
              extra="Cán bộ một cửa, chuyên viên chỉ yêu cầu trong mức phí, lệ phí của thủ tục."
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          ) : null}
          {action === 'propose_extension' ? (
            <Form.Item
              name="newDue"
              label="Hẹn lại ngày trả kết quả"
              rules={[{ required: true, message: 'Chọn ngày giờ' }]}
            >
              <DatePicker showTime format="DD/MM/YYYY HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          {action === 'return_result' ? (
            <>
              <Form.Item name="method" label="Hình thức trả" initialValue="counter">
                <Select
                  options={[
                    { value: 'counter', label: 'Tại bộ phận một cửa' },
                    { value: 'post', label: 'Qua bưu chính' },
                    { value: 'electronic', label: 'Bản điện tử' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="reference" label="Người nhận (số định danh) hoặc mã bưu gửi" initialValue="">
                <Input maxLength={100} />
              </Form.Item>
            </>
          ) : null}
          {action === 'consult_reply' ? (
            <>
              <Form.Item
                name="consultationId"
                label="Yêu cầu lấy ý kiến"
                initialValue={d.consultations.find((c) => c.status === 'open' || c.status === 'accepted')?.id}
              >
                <Select
                  options={d.consultations.map((c) => ({ value: c.id, label: `${c.id} (${c.agencyCode})` }))}
                />
              </Form.Item>
              <Form.Item name="outcome" label="Kết quả" initialValue="answered">
                <Select
                  options={[
                    { value: 'accepted', label: 'Nhận xử lý' },
                    { value: 'answered', label: 'Trả lời ý kiến' },
                    { value: 'refused', label: 'Từ chối' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="note" label="Nội dung ý kiến" initialValue="">
                <Input.TextArea rows={3} />
              </Form.Item>
            </>
          ) : null}
          {action && commandRequires(action, 'reason') ? (
            <Form.Item
              name="reason"
              label="Lý do"
              rules={[{ required: true, whitespace: true, message: 'Nhập lý do' }]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          ) : null}
        </Form>
        {error && action ? <Alert type="error" title={error} /> : null}
      </Modal>
    </>
  );
}
