import { DatabaseOutlined, InboxOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Typography,
  Tag,
  Upload,
  type FormInstance,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { AdminUnit } from '../../../src/contracts/adminUnits.js';
import type { WarehouseOffer } from '../../../src/contracts/warehouse.js';
import { componentsOf, type Component } from '../../../src/domain/catalog/procedureVersion.js';
import { isCitizenId, isTaxCode } from '../../../src/domain/dossier/idNumbers.js';
import { matchesSearch } from '../../../src/domain/text/searchKey.js';
import { ApiError, sendFile, api, ok, csrfHeader } from '../api';
import { useMe } from '../auth';
import { Guide } from '../components/Guide';
import { ProblemList } from '../components/ProblemList';
import { useDebounced } from '../hooks';
import { paths } from '../paths';
import { pendingTab } from '../pendingTab';

interface Row {
  component: Component;
  received: boolean;
  copies: number;
  files: File[];
  /** A warehouse item taken instead of a scan. */
  reuse?: WarehouseOffer | undefined;
}

type Field = { title?: string; type?: string };

/** What the intake form holds: the applicant's fields, and each e-form's answers by component. */
type IntakeValues = {
  kind: 'individual' | 'business' | 'agency';
  idNumber: string;
  name: string;
  phone?: string;
  communeCode: string;
  addressDetail: string;
  summary?: string;
  [field: string]: unknown;
};
/** The e-form fields of a component's JSON Schema: one text box per property. */
function eformFields(c: Component): { key: string; title: string; required: boolean }[] {
  const schema = c.eformSchema as { properties?: Record<string, Field>; required?: string[] } | null;
  return Object.entries(schema?.properties ?? {}).map(([key, f]) => ({
    key,
    title: f.title ?? key,
    required: schema?.required?.includes(key) ?? false,
  }));
}

/**
 * Counter intake: the procedure, the applicant, the components handed in (with their scans) and
 * the e-form; "Tiếp nhận" receives the dossier, uploads the scans and opens Form 01 to print.
 */
export function IntakePage() {
  const me = useMe().data;
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const [procedureCode, setProcedureCode] = useState<string>();
  const [caseCode, setCaseCode] = useState('');
  const [edits, setEdits] = useState<Record<string, Partial<Row>>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [communeSearch, setCommuneSearch] = useState('');
  const resident = useResidentLookup(form);
  const communeQ = useDebounced(communeSearch);
  const intakeKey = useRef(crypto.randomUUID());

  const procedures = useQuery({
    queryKey: ['procedures', 'intake', q],
    queryFn: () => ok(api.GET('/api/v1/procedures', { params: { query: { q, limit: 20 } } })),
  });
  const procedure = useQuery({
    queryKey: ['procedure', procedureCode],
    queryFn: () =>
      ok(api.GET('/api/v1/procedures/{code}', { params: { path: { code: procedureCode ?? '' } } })),
    enabled: procedureCode !== undefined,
  });
  const communes = useQuery({
    queryKey: ['communes', communeQ],
    queryFn: () =>
      ok(api.GET('/api/v1/admin-units', { params: { query: { level: 'commune', q: communeQ, limit: 20 } } })),
    enabled: communeQ.length >= 2,
  });
  const provinces = useQuery({
    queryKey: ['provinces', 'names'],
    queryFn: () =>
      ok(api.GET('/api/v1/admin-units', { params: { query: { level: 'province', limit: 100 } } })),
    staleTime: Infinity,
  });
  const provinceName = (code: string | null) => provinces.data?.items.find((p) => p.code === code)?.name;
  const version = procedure.data?.versions.find((v) => v.status === 'published');
  const components = useMemo(
    () => (version ? componentsOf(version.content, caseCode) : []),
    [version, caseCode],
  );
  const rows: Row[] = components.map((c) => ({
    component: c,
    received: edits[c.code]?.received ?? c.required,
    copies: edits[c.code]?.copies ?? c.copies,
    files: edits[c.code]?.files ?? [],
    reuse: edits[c.code]?.reuse,
  }));
  // What the applicant's data warehouse holds that this procedure accepts instead of a scan
  // (looked up once per applicant and procedure: each look is in the holder's access history).
  const idNumber = Form.useWatch<string | undefined>('idNumber', form);
  const offers = useQuery({
    queryKey: ['warehouse-offers', idNumber, procedureCode, caseCode],
    queryFn: () =>
      ok(
        api.GET('/api/v1/warehouse/offers', {
          params: {
            query: {
              idNumber: idNumber ?? '',
              procedureCode: procedureCode ?? '',
              caseCode,
            },
          },
        }),
      ),
    enabled:
      procedureCode !== undefined &&
      idNumber !== undefined &&
      isCitizenId(idNumber) &&
      components.some(
        (c) => (c.replaceableByResults ?? []).length + (c.replaceableByComponents ?? []).length > 0,
      ),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const offersFor = (code: string) => (offers.data?.items ?? []).filter((o) => o.components.includes(code));
  const setRow = (code: string, change: Partial<Row>) =>
    setEdits((e) => ({ ...e, [code]: { ...e[code], ...change } }));
  /** Adds a scan to a component, which is then marked received. */
  const addScan = (code: string, file: File) =>
    setEdits((e) => ({
      ...e,
      [code]: { ...e[code], received: true, files: [...(e[code]?.files ?? []), file] },
    }));
  /**
   * Where a scan dropped on the whole list goes: the component whose code starts its name (a
   * scanner profile per component names files "TK_001.pdf"), else the first required component
   * still without a scan, else the first component.
   */
  const componentFor = (file: File): string | undefined => {
    const name = file.name.toUpperCase();
    const named = components.find((c) => {
      const code = c.code.toUpperCase();
      return name.startsWith(code) && /^([_\-. ]|$)/.test(name.slice(code.length));
    });
    const empty = rows.find((r) => r.component.required && r.files.length === 0);
    return (named ?? empty?.component ?? components[0])?.code;
  };

  const submit = async () => {
    setProblems([]);
    // The applicant's name and ID fill the e-form's matching fields the clerk left empty.
    const known: Record<string, unknown> = {
      hoTen: form.getFieldValue('name'),
      soDinhDanh: form.getFieldValue('idNumber'),
    };
    for (const r of rows.filter((x) => x.received))
      for (const f of eformFields(r.component)) {
        const name = `eform.${r.component.code}.${f.key}`;
        if (!form.getFieldValue(name) && known[f.key]) form.setFieldValue(name, known[f.key]);
      }
    let values: IntakeValues;
    try {
      values = (await form.validateFields()) as IntakeValues;
    } catch {
      return;
    }
    if (!procedureCode) return;
    setBusy(true);
    const receipt = pendingTab();
    try {
      const eform: Record<string, Record<string, unknown>> = {};
      for (const r of rows.filter((x) => x.received)) {
        const fields = eformFields(r.component);
        if (fields.length > 0)
          eform[r.component.code] = Object.fromEntries(
            fields.map((f) => [f.key, values[`eform.${r.component.code}.${f.key}`] ?? '']),
          );
      }
      const result = await ok(
        api.POST('/api/v1/dossiers', {
          body: {
            procedureCode,
            ...(caseCode ? { caseCode } : {}),
            applicant: {
              kind: values['kind'],
              idNumber: values['idNumber'],
              name: values['name'],
              phone: values['phone'] || null,
              address: { communeCode: values['communeCode'], detail: values['addressDetail'] },
            },
            components: rows
              .filter((r) => r.received)
              .map((r) => ({ code: r.component.code, copies: r.copies })),
            eform,
            summary: values['summary'] || undefined,
          },
          headers: { ...csrfHeader(me?.csrfToken), ...{ 'idempotency-key': intakeKey.current } },
        }),
      );
      for (const r of rows.filter((x) => x.received && x.reuse))
        await ok(
          api.POST('/api/v1/dossiers/{code}/documents/reuse', {
            params: { path: { code: result.code } },
            body: { component: r.component.code, itemId: r.reuse?.id ?? '' },
            headers: { ...csrfHeader(me?.csrfToken) },
          }),
        );
      for (const r of rows.filter((x) => x.received && !x.reuse))
        for (const f of r.files)
          await sendFile(
            `/api/v1/dossiers/${encodeURIComponent(result.code)}/documents?component=${encodeURIComponent(r.component.code)}&digitization=1`,
            f,
            me?.csrfToken,
          );
      receipt.show(`/api/v1/dossiers/${encodeURIComponent(result.code)}/forms/receipt`);
      intakeKey.current = crypto.randomUUID();
      navigate(paths.dossier(result.code), { state: { justReceived: true } });
    } catch (e) {
      receipt.close();
      if (e instanceof ApiError)
        setProblems([e.message, ...(e.problem.errors ?? []).map((x) => `${x.field}: ${x.message}`)]);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

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

  const fees = version?.content.fees ?? [];
  return (
    <>
      <Typography.Title level={2}>Tiếp nhận hồ sơ</Typography.Title>
      <Guide title="Tiếp nhận tại quầy, từng bước">
        1. Gõ mã hoặc tên thủ tục, Enter để chọn. 2. Nhập số định danh: họ tên, xã/phường, địa chỉ được điền
        từ CSDL quốc gia về dân cư (kiểm tra với giấy tờ; tổ chức thì nhập). 3. Đánh dấu giấy tờ đã nhận, kéo
        thả bản quét vào từng dòng; giấy tờ công dân đã có trong Kho dữ liệu (kết quả điện tử đã cấp) hiện nút
        “Dùng từ Kho dữ liệu”, không cần quét lại. 4. Điền tờ khai (nếu có). 5. Nhấn <b>Ctrl+Enter</b> hoặc
        “Tiếp nhận và in Mẫu 01”: hồ sơ được cấp mã, bản quét được lưu và Giấy tiếp nhận, hẹn trả kết quả mở
        ra để in. Thiếu giấy tờ bắt buộc thì hệ thống báo thiếu để lập Phiếu yêu cầu bổ sung (Mẫu 02).
      </Guide>
      <Form form={form} layout="vertical" initialValues={{ kind: 'individual' }} disabled={busy}>
        <Card size="small" title="1. Thủ tục" style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col span={16}>
              <Form.Item label="Thủ tục hành chính" required>
                <Select
                  aria-label="Thủ tục hành chính"
                  autoFocus
                  // The server finds by code or name; the list also narrows at once as the clerk types,
                  // so Enter takes the matching procedure, not the first of the previous answer.
                  showSearch={{
                    filterOption: (input, option) => matchesSearch(String(option?.label ?? ''), input),
                    onSearch: setSearch,
                  }}
                  placeholder="Mã hoặc tên thủ tục (gõ không dấu cũng được)"
                  value={procedureCode}
                  onChange={(v: string) => {
                    setProcedureCode(v);
                    setCaseCode('');
                    setEdits({});
                  }}
                  loading={procedures.isFetching}
                  options={(procedures.data?.items ?? [])
                    .filter((p) => p.current)
                    .map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }))}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              {version && version.content.cases.length > 0 ? (
                <Form.Item label="Trường hợp">
                  <Select
                    aria-label="Trường hợp"
                    value={caseCode}
                    onChange={(v: string) => {
                      setCaseCode(v);
                      setEdits({});
                    }}
                    options={[
                      { value: '', label: 'Trường hợp chung' },
                      ...version.content.cases.map((c) => ({ value: c.code, label: c.name })),
                    ]}
                  />
                </Form.Item>
              ) : null}
            </Col>
          </Row>
          {fees.length > 0 ? (
            <Typography.Text>
              Phí, lệ phí: {fees.map((f) => `${f.name}: ${f.amount.toLocaleString('vi-VN')} đồng`).join('; ')}
            </Typography.Text>
          ) : version ? (
            <Typography.Text type="secondary">Thủ tục không thu phí, lệ phí.</Typography.Text>
          ) : null}
        </Card>

        <Card size="small" title="2. Người nộp hồ sơ" style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col span={6}>
              <Form.Item name="kind" label="Đối tượng">
                <Radio.Group
                  options={[
                    { value: 'individual', label: 'Cá nhân' },
                    { value: 'business', label: 'Tổ chức' },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name="idNumber"
                label="Số định danh / mã số thuế"
                rules={[
                  { required: true, message: 'Nhập số định danh cá nhân hoặc mã số thuế' },
                  {
                    validator: (_, v: string | undefined) =>
                      !v || isCitizenId(v) || isTaxCode(v) ? Promise.resolve() : Promise.reject(new Error()),
                    message: 'Số định danh 12 chữ số (căn cước) hoặc mã số thuế 10, 13 chữ số',
                  },
                ]}
              >
                <Input
                  inputMode="numeric"
                  maxLength={14}
                  onChange={(e) => {
                    if (form.getFieldValue('kind') === 'individual' && isCitizenId(e.target.value))
                      void resident.lookUp(e.target.value);
                  }}
                />
              </Form.Item>
            </Col>
            <Col span={7}>
              <Form.Item
                name="name"
                label="Họ và tên / tên tổ chức"
                rules={[{ required: true, message: 'Nhập họ tên' }]}
              >
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item
                name="phone"
                label="Số điện thoại"
                rules={[{ pattern: /^0\d{9}$/, message: '10 chữ số, bắt đầu bằng 0' }]}
              >
                <Input inputMode="tel" maxLength={10} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={10}>
              <Form.Item
                name="communeCode"
                label="Xã, phường, đặc khu nơi cư trú"
                rules={[{ required: true, message: 'Chọn xã, phường nơi cư trú' }]}
              >
                <Select
                  aria-label="Xã, phường nơi cư trú"
                  showSearch={{
                    filterOption: (input, option) => matchesSearch(String(option?.label ?? ''), input),
                    onSearch: setCommuneSearch,
                  }}
                  placeholder="Gõ tên xã, phường"
                  options={withUnit(communes.data?.items ?? [], resident.commune).map((u) => ({
                    value: u.code,
                    label: `${u.name}, ${provinceName(u.parentCode) ?? u.parentCode ?? ''}`,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col span={14}>
              <Form.Item
                name="addressDetail"
                label="Số nhà, đường, thôn"
                rules={[{ required: true, message: 'Nhập địa chỉ' }]}
              >
                <Input maxLength={300} />
              </Form.Item>
            </Col>
          </Row>
          {resident.note && (
            <Typography.Text role="status" type={resident.note.ok ? 'success' : 'warning'}>
              {resident.note.text}
            </Typography.Text>
          )}
        </Card>

        <Card size="small" title="3. Thành phần hồ sơ và bản quét" style={{ marginBottom: 12 }}>
          {components.length > 1 ? (
            <Upload.Dragger
              multiple
              showUploadList={false}
              accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.xlsx"
              beforeUpload={(file) => {
                const code = componentFor(file);
                if (code) addScan(code, file);
                return false;
              }}
              style={{ marginBottom: 8 }}
            >
              <InboxOutlined /> Kéo thả tất cả bản quét vào đây một lần: tệp đặt tên theo mã thành phần (ví dụ{' '}
              {components[0]?.code}_1.pdf) vào đúng dòng, tệp khác vào giấy tờ bắt buộc còn thiếu bản quét.
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
                render: (_, r) => (
                  <>
                    {r.component.name}
                    {r.component.required ? <Typography.Text type="danger"> *</Typography.Text> : null}
                    {r.component.suppliedByNationalDb ? (
                      <div>
                        <Tag color={resident.found ? 'green' : 'blue'}>
                          {resident.found ? 'Đã khai thác từ' : 'Không yêu cầu nộp, khai thác từ'}{' '}
                          {r.component.suppliedByNationalDb}
                        </Tag>
                      </div>
                    ) : null}
                  </>
                ),
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
                render: (_, r) =>
                  r.reuse ? (
                    <Space direction="vertical" size={2}>
                      <Tag color="green" icon={<DatabaseOutlined />} style={{ whiteSpace: 'normal' }}>
                        Lấy từ Kho dữ liệu: {r.reuse.title}
                      </Tag>
                      <Button size="small" onClick={() => setRow(r.component.code, { reuse: undefined })}>
                        Bỏ, dùng bản quét
                      </Button>
                    </Space>
                  ) : offersFor(r.component.code).length > 0 ? (
                    <Space direction="vertical" size={4} style={{ width: '100%' }}>
                      {offersFor(r.component.code).map((o) => (
                        <Button
                          key={o.id}
                          size="small"
                          type="primary"
                          ghost
                          icon={<DatabaseOutlined />}
                          onClick={() => setRow(r.component.code, { reuse: o, received: true })}
                          style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'left' }}
                        >
                          Dùng từ Kho dữ liệu: {o.title}
                          {o.issuedOn
                            ? ` (${o.issuingAgency}, ${o.issuedOn.split('-').reverse().join('/')})`
                            : ''}
                        </Button>
                      ))}
                    </Space>
                  ) : r.component.suppliedByNationalDb && !r.received ? (
                    <Typography.Text type="secondary">Không cần bản quét</Typography.Text>
                  ) : (
                    <Upload.Dragger
                      multiple
                      accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.xlsx"
                      fileList={r.files.map((f, i) => ({
                        uid: `${i}-${f.name}`,
                        name: f.name,
                        status: 'done' as const,
                      }))}
                      beforeUpload={(file) => {
                        addScan(r.component.code, file);
                        return false;
                      }}
                      onRemove={(f) =>
                        setRow(r.component.code, {
                          files: r.files.filter((x, i) => `${i}-${x.name}` !== f.uid),
                        })
                      }
                      style={{ padding: 0 }}
                    >
                      <span style={{ fontSize: 12 }}>
                        <InboxOutlined /> Kéo thả hoặc bấm để chọn tệp
                      </span>
                    </Upload.Dragger>
                  ),
              },
            ]}
          />
        </Card>

        {rows.some((r) => r.received && eformFields(r.component).length > 0) ? (
          <Card size="small" title="4. Tờ khai điện tử" style={{ marginBottom: 12 }}>
            {rows
              .filter((r) => r.received)
              .flatMap((r) =>
                eformFields(r.component).map((f) => (
                  <Form.Item
                    key={`${r.component.code}.${f.key}`}
                    name={`eform.${r.component.code}.${f.key}`}
                    label={`${f.title} (${r.component.name})`}
                    rules={f.required ? [{ required: true, message: `Nhập ${f.title.toLowerCase()}` }] : []}
                  >
                    <Input />
                  </Form.Item>
                )),
              )}
          </Card>
        ) : null}
        <Form.Item name="summary" label="Trích yếu (không bắt buộc)">
          <Input maxLength={500} />
        </Form.Item>
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
          Tiếp nhận và in Mẫu 01 (Ctrl+Enter)
        </Button>
      </Space>
    </>
  );
}

/** The list of communes to choose from, with `unit` in it (a commune filled in from elsewhere). */
function withUnit(items: AdminUnit[], unit: AdminUnit | null): AdminUnit[] {
  return unit && !items.some((u) => u.code === unit.code) ? [unit, ...items] : items;
}

/**
 * Looking the applicant up in the national population database as soon as a 12-digit citizen ID is
 * typed: name, commune and address are filled in, and the clerk sees where they came from.
 */
function useResidentLookup(form: FormInstance) {
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [commune, setCommune] = useState<AdminUnit | null>(null);
  const [found, setFound] = useState(false);
  const latest = useRef('');
  const lookUp = async (idNumber: string) => {
    latest.current = idNumber;
    setFound(false);
    setNote({ ok: true, text: 'Đang tra cứu CSDL quốc gia về dân cư…' });
    try {
      const r = await ok(api.GET('/api/v1/population/{idNumber}', { params: { path: { idNumber } } }));
      const unit = await ok(
        api.GET('/api/v1/admin-units/{code}', { params: { path: { code: r.permanentAddress.communeCode } } }),
      ).catch(() => null);
      if (latest.current !== idNumber) return;
      setCommune(unit);
      setFound(true);
      form.setFieldsValue({
        name: r.name,
        communeCode: r.permanentAddress.communeCode,
        addressDetail: r.permanentAddress.detail,
      });
      const born = r.birthDate.split('-').reverse().join('/');
      setNote({
        ok: true,
        text: `Đã điền theo CSDL quốc gia về dân cư: ${r.name}, sinh ngày ${born}. Kiểm tra lại với giấy tờ.`,
      });
    } catch (e) {
      if (latest.current !== idNumber) return;
      setNote({
        ok: false,
        text: `${e instanceof Error ? e.message : String(e)}. Nhập thông tin theo giấy tờ.`,
      });
    }
  };
  return { lookUp, note, commune, found };
}
