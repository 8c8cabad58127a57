import { PrinterOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Dropdown, Form, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import { componentsOf } from '../../../src/domain/catalog/procedureVersion.js';
import type { CommandType } from '../../../src/domain/dossier/lifecycle.js';
import { roleDefinitions } from '../../../src/domain/access/roles.js';
import { formKinds } from '../../../src/domain/forms/forms.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { ApiError, api, ok, csrfHeader } from '../api';
import { useMe } from '../auth';
import { Guide } from '../components/Guide';
import { PracticeBand } from '../components/PracticeBand';
import { PostalOrdersCard, PostalReturn } from '../components/PostalReturn';
import { ResultsCard } from '../components/ResultsCard';
import { PaymentsCard } from '../components/PaymentsCard';
import { pendingTab } from '../pendingTab';
import { ActionDialog, actionBody } from './dossier/ActionDialog';
import { DocumentsCard } from './dossier/DocumentsCard';
import { DossierFacts } from './dossier/DossierFacts';
import { ProcessingLog } from './dossier/ProcessingLog';
import { CitizenEventsCard } from './dossier/CitizenEventsCard';
import { MessagesCard } from './dossier/MessagesCard';
import { ExchangeCard } from './dossier/ExchangeCard';

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
            query: { caseCode: d?.caseCode },
          },
        }),
      ),
    enabled: d !== undefined,
  });
  const [action, setAction] = useState<CommandType | null>(null);
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

  const send = async () => {
    if (!action) return;
    setError(null);
    let values: Record<string, unknown>;
    try {
      values = (await form.validateFields()) as Record<string, unknown>;
    } catch {
      return;
    }
    const body = actionBody(action, values, d);
    if (!body.success) {
      setError(`Thông tin chưa hợp lệ: ${body.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      return;
    }
    const supplementForm = action === 'request_supplement' ? pendingTab() : null;
    try {
      await ok(
        api.POST('/api/v1/dossiers/{code}/actions', {
          params: { path: { code } },
          body: body.data,
          headers: csrfHeader(me?.csrfToken),
        }),
      );
      supplementForm?.show(url('/forms/supplement'));
      setAction(null);
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['dossier', code] });
    } catch (e) {
      supplementForm?.close();
      if (e instanceof ApiError) setError(e.message);
      else throw e;
    }
  };

  return (
    <>
      <Typography.Title level={2}>
        Hồ sơ {d.code}{' '}
        <Tag color={d.status === 5 || d.status === 6 ? 'orange' : 'blue'}>{vi.dossierStatus[d.status]}</Tag>
      </Typography.Title>
      {d.practice ? (
        <PracticeBand
          detail={
            'Mọi thao tác chạy đúng quy trình thật, nhưng không gửi lên Cổng DVCQG, không nhắn tin cho người nộp và không tính vào chỉ số, báo cáo. Quản trị địa bàn xóa hồ sơ thử nghiệm khi hết lớp.'
          }
        />
      ) : null}
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
        có mã QR để người nộp tra cứu. Việc người nộp làm trên Cổng DVCQG (bổ sung, yêu cầu rút, thanh toán,
        đánh giá, tin nhắn) hiện ở thẻ “Người nộp gửi qua Cổng DVCQG”; yêu cầu và tin nhắn chờ trả lời có
        trong danh sách “Yêu cầu của công dân”.
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
          <DossierFacts d={d} procedureName={procedure.data?.name} stepName={current?.name} />
          <ProcessingLog log={d.log} />
        </Col>
        <Col span={10}>
          {d.citizenEvents.length > 0 && (
            <CitizenEventsCard
              code={code}
              events={d.citizenEvents}
              canAnswer={canWrite}
              csrf={me?.csrfToken}
            />
          )}
          {d.exchanges.length > 0 && <ExchangeCard exchanges={d.exchanges} practice={d.practice} />}
          {d.messages.length > 0 || canWrite ? (
            <MessagesCard code={code} messages={d.messages} canWrite={canWrite} csrf={me?.csrfToken} />
          ) : null}
          {(payments.data?.items.length ?? 0) > 0 && (
            <PaymentsCard
              code={code}
              items={payments.data?.items ?? []}
              canRefund={myRoles.includes('leader')}
              canReplaceReceipt={myRoles.includes('leader') || myRoles.includes('receiver')}
              csrf={me?.csrfToken}
            />
          )}
          <ResultsCard code={code} />
          <PostalOrdersCard code={code} />
          <DocumentsCard
            code={code}
            components={components}
            canUpload={canWrite && actions.length > 0}
            csrf={me?.csrfToken}
            onError={setError}
          />
        </Col>
      </Row>
      <ActionDialog
        action={action}
        form={form}
        ctx={{ d, steps, current, components, isLeader: myRoles.includes('leader') }}
        error={error}
        onOk={() => void send()}
        onCancel={() => setAction(null)}
      />
    </>
  );
}
