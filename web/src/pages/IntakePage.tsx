import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Radio, Space, Switch, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { componentsOf } from '../../../src/domain/catalog/procedureVersion.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { api, ok } from '../api';
import { useMe } from '../auth';
import { Guide } from '../components/Guide';
import { PracticeBand } from '../components/PracticeBand';
import { ProblemList } from '../components/ProblemList';
import { ApplicantCard } from './intake/ApplicantCard';
import { ComponentsCard } from './intake/ComponentsCard';
import { EformCard } from './intake/EformCard';
import { intakeRows, type IntakeRow } from './intake/intakeRows';
import { ProcedureCard } from './intake/ProcedureCard';
import { useIntakeSubmit } from './intake/useIntakeSubmit';
import { useResidentLookup } from './intake/useResidentLookup';

/**
 * Counter intake: the procedure, the applicant, the components handed in (with their scans) and
 * the e-form; "Tiếp nhận" receives the dossier, uploads the scans and opens Form 01 to print.
 */
export function IntakePage() {
  const me = useMe().data;
  const [form] = Form.useForm();
  const [procedureCode, setProcedureCode] = useState<string>();
  const [caseCode, setCaseCode] = useState('');
  const [edits, setEdits] = useState<Record<string, Partial<IntakeRow>>>({});
  const resident = useResidentLookup(form);

  const procedure = useQuery({
    queryKey: ['procedure', procedureCode],
    queryFn: () =>
      ok(api.GET('/api/v1/procedures/{code}', { params: { path: { code: procedureCode ?? '' } } })),
    enabled: procedureCode !== undefined,
  });
  const version = procedure.data?.versions.find((v) => v.status === 'published');
  const components = useMemo(
    () => (version ? componentsOf(version.content, caseCode) : []),
    [version, caseCode],
  );
  const rows = intakeRows(components, edits);
  const setRow = (code: string, change: Partial<IntakeRow>) =>
    setEdits((e) => ({ ...e, [code]: { ...e[code], ...change } }));
  const addScan = (code: string, file: File) =>
    setEdits((e) => ({
      ...e,
      [code]: { ...e[code], received: true, files: [...(e[code]?.files ?? []), file] },
    }));
  // Where practice is open at the counter's agency, the clerk may receive a practice dossier.
  const practiceScopes = useQuery({
    queryKey: ['practice'],
    queryFn: () => ok(api.GET('/api/v1/practice')),
    enabled: Boolean(me),
  }).data?.scopes;
  const [practice, setPractice] = useState(false);
  const { submit, busy, problems } = useIntakeSubmit(form, procedureCode, caseCode, rows, practice);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void submit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <>
      <Typography.Title level={2}>Tiếp nhận hồ sơ</Typography.Title>
      <Guide title="Tiếp nhận tại quầy, từng bước">
        1. Gõ mã hoặc tên thủ tục, Enter để chọn. 2. Nhập số định danh: họ tên, xã/phường, địa chỉ được điền
        từ CSDL quốc gia về dân cư (kiểm tra với giấy tờ; tổ chức thì nhập). 3. Đánh dấu giấy tờ đã nhận, kéo
        thả bản quét vào từng dòng; giấy tờ công dân đã có trong Kho dữ liệu (kết quả điện tử đã cấp) hiện nút
        “Dùng từ Kho dữ liệu”, không cần quét lại. 4. Điền tờ khai (nếu có). 5. Nhấn <b>Ctrl+Enter</b> hoặc
        “Tiếp nhận và in Mẫu 01”: hồ sơ được cấp mã, bản quét được lưu và Giấy tiếp nhận, hẹn trả kết quả mở
        ra để in. Thiếu giấy tờ bắt buộc thì hệ thống báo thiếu để lập Phiếu yêu cầu bổ sung (Mẫu 02). Thủ tục
        phi địa giới: người nộp ở địa bàn khác vẫn được tiếp nhận tại đây (Mẫu 01 do quầy này cấp, thời hạn
        tính từ lúc tiếp nhận); khi chuyển bước, hồ sơ điện tử đến cơ quan có thẩm quyền, bản gốc gửi qua bưu
        chính, kết quả trả tại nơi người nộp chọn. Thủ tục chỉ tiếp nhận tại cơ quan có thẩm quyền thì hệ
        thống báo nơi người nộp cần đến.
      </Guide>
      {practiceScopes && practiceScopes.length > 0 ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <Switch checked={practice} onChange={setPractice} aria-label="Hồ sơ thử nghiệm" />
          <Typography.Text>Hồ sơ thử nghiệm (đào tạo)</Typography.Text>
        </Space>
      ) : null}
      {practice ? (
        <PracticeBand
          detail={`Không gửi lên Cổng DVCQG, không nhắn tin cho người nộp, không tính vào chỉ số. Thủ tục mở thử nghiệm: ${(
            practiceScopes ?? []
          )
            .map((s) => `${s.procedure.code} — ${s.procedure.name}`)
            .join('; ')}.`}
        />
      ) : null}
      <Form form={form} layout="vertical" initialValues={{ kind: 'individual' }} disabled={busy}>
        <ProcedureCard
          procedureCode={procedureCode}
          caseCode={caseCode}
          version={version}
          onProcedure={(code) => {
            setProcedureCode(code);
            setCaseCode('');
            setEdits({});
          }}
          onCase={(code) => {
            setCaseCode(code);
            setEdits({});
          }}
        />
        <ApplicantCard form={form} resident={resident} />
        <ComponentsCard
          form={form}
          procedureCode={procedureCode}
          caseCode={caseCode}
          rows={rows}
          residentFound={resident.found}
          setRow={setRow}
          addScan={addScan}
        />
        <EformCard rows={rows} />
        <Form.Item name="summary" label="Trích yếu (không bắt buộc)">
          <Input maxLength={500} />
        </Form.Item>
        {version && version.content.crossBoundary !== 'none' ? (
          <Form.Item
            name="returnAt"
            label={`Nơi trả kết quả nếu người nộp ở địa bàn khác (${vi.receiptReach[version.content.crossBoundary].toLowerCase()})`}
            initialValue="here"
          >
            <Radio.Group
              options={[
                { value: 'here', label: 'Tại quầy này' },
                { value: 'competent', label: 'Tại cơ quan có thẩm quyền' },
              ]}
            />
          </Form.Item>
        ) : null}
      </Form>
      <ProblemList title="Chưa tiếp nhận được hồ sơ" items={problems} />
      {me === null ? (
        <Alert type="warning" title="Đăng nhập bằng tài khoản cán bộ một cửa để tiếp nhận hồ sơ" />
      ) : null}
      <Space style={{ marginTop: 12 }}>
        <Button
          type="primary"
          size="large"
          onClick={() => void submit()}
          loading={busy}
          disabled={!procedureCode}
        >
          {practice ? 'Tiếp nhận hồ sơ THỬ NGHIỆM (Ctrl+Enter)' : 'Tiếp nhận và in Mẫu 01 (Ctrl+Enter)'}
        </Button>
      </Space>
    </>
  );
}
