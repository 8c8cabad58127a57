import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Agency } from '../../../src/contracts/agencies.js';
import type { Me } from '../../../src/contracts/auth.js';
import type { AgencyKind } from '../../../src/domain/agencies/agency.js';
import type { StepBinding } from '../../../src/domain/catalog/binding.js';
import type { WorkflowStep } from '../../../src/domain/catalog/workflow.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { ApiError, sendJson, api, ok, type AnswerOf } from '../api';
import { Guide } from '../components/Guide';
import { ProblemList } from '../components/ProblemList';
import { RequireStaff } from '../components/RequireStaff';
import { useProvinces } from '../hooks';
import { paths } from '../paths';

export function BindingPage() {
  return <RequireStaff permission="binding.manage">{(me) => <Binding me={me} />}</RequireStaff>;
}

const localKinds: AgencyKind[] = [
  'commune_service_center',
  'commune_committee',
  'province_service_center',
  'province_committee',
];
/** A step's choice in the select: "kind:…" binds by agency kind, "agency:…" names one agency. */
const choiceOf = (b: StepBinding | undefined) =>
  b?.agencyKind ? `kind:${b.agencyKind}` : b?.agencyCode ? `agency:${b.agencyCode}` : undefined;

/** The administrator's own province (or commune), from the agency of their administrative grant. */
function useHomeUnit(me: Me) {
  const grant = me.grants.find((g) => g.role === 'province_admin' || g.role === 'commune_admin');
  return useQuery({
    queryKey: ['agency', grant?.agency.code],
    enabled: grant !== undefined,
    queryFn: () =>
      ok(api.GET('/api/v1/agencies/{code}', { params: { path: { code: grant?.agency.code ?? '' } } })),
  });
}

function Binding({ me }: { me: Me }) {
  const { code = '', version: versionParam = '' } = useParams();
  const version = Number(versionParam);
  const provinces = useProvinces();
  const home = useHomeUnit(me).data?.adminUnit.code;
  // The administrator's own unit until they pick another.
  const [picked, setPicked] = useState<{ province: string; commune: string } | null>(null);
  const province = picked?.province ?? home?.slice(0, 2);
  const commune = picked ? picked.commune : home && home.length === 5 ? home : '';
  const unit = commune || province;
  const [saved, setSaved] = useState<{ unit: string; revision: number } | null>(null);

  const workflow = useQuery({
    queryKey: ['workflow', code, version],
    queryFn: () =>
      ok(
        api.GET('/api/v1/procedures/{code}/versions/{version}/workflow', {
          params: { path: { code, version } },
        }),
      ),
  });
  const binding = useQuery({
    queryKey: ['binding', code, version, unit],
    enabled: unit !== undefined,
    queryFn: () =>
      ok(
        api.GET('/api/v1/procedures/{code}/versions/{version}/bindings/{unit}', {
          params: { path: { code, version, unit: unit ?? '' } },
        }),
      ),
  });
  const communes = useQuery({
    queryKey: ['communes', province],
    enabled: province !== undefined,
    queryFn: async () =>
      (await ok(api.GET('/api/v1/admin-units', { params: { query: { parent: province, limit: 500 } } })))
        .items,
  });
  const agencies = useQuery({
    queryKey: ['agencies-of', province],
    enabled: province !== undefined,
    queryFn: async () =>
      (await ok(api.GET('/api/v1/agencies', { params: { query: { province, limit: 500 } } }))).items,
  });

  if (workflow.error) {
    return (
      <Alert
        type="warning"
        showIcon
        title={workflow.error.message}
        description="Bộ chủ quản cần xây dựng quy trình trước khi địa phương gắn cơ quan."
      />
    );
  }
  const current = binding.data?.binding ?? null;
  return (
    <>
      <Breadcrumb
        items={[
          { title: <Link to={paths.catalog}>Thủ tục hành chính</Link> },
          { title: <Link to={paths.procedure(code)}>{code}</Link> },
          { title: `Gắn quy trình phiên bản ${version}` },
        ]}
      />
      <Typography.Title level={2} style={{ marginTop: 8 }}>
        Gắn quy trình với cơ quan thực hiện
      </Typography.Title>
      <Guide title="Gắn một lần cho cả tỉnh, điều chỉnh riêng khi cần">
        Quy tắc chung của tỉnh áp dụng cho mọi xã: chọn “Trung tâm PVHCC cấp xã” để mỗi xã dùng trung tâm của
        chính mình — không phải sửa từng xã. Chọn một xã để điều chỉnh riêng (chỉ các bước cần khác, chọn cơ
        quan cụ thể). Thời gian chỉ được rút ngắn, không được kéo dài so với quy trình của bộ. Mỗi lần lưu là
        một phiên bản mới.
      </Guide>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="Tỉnh, thành phố"
          style={{ width: 260 }}
          showSearch
          optionFilterProp="label"
          value={province}
          onChange={(p: string) => setPicked({ province: p, commune: '' })}
          loading={provinces.isLoading}
          options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
        />
        <Select
          aria-label="Phạm vi gắn"
          style={{ width: 320 }}
          showSearch
          optionFilterProp="label"
          value={commune}
          onChange={(c: string) => province && setPicked({ province, commune: c })}
          options={[
            { value: '', label: 'Quy tắc chung toàn tỉnh' },
            ...(communes.data ?? []).map((c) => ({ value: c.code, label: `Điều chỉnh riêng: ${c.name}` })),
          ]}
        />
        {current ? (
          <Tag color="green">Đang áp dụng lần gắn {current.revision}</Tag>
        ) : (
          <Tag color="red">Chưa gắn</Tag>
        )}
      </Space>
      {unit && workflow.data && binding.isSuccess && (
        <BindingForm
          key={`${unit}/${current?.revision ?? 0}`}
          me={me}
          url={`/api/v1/procedures/${code}/versions/${version}/bindings/${unit}`}
          steps={workflow.data.steps}
          initial={current?.steps ?? []}
          isCommune={commune !== ''}
          agencies={(agencies.data ?? []).filter(
            (a) => a.adminUnit.code === province || a.adminUnit.code === commune,
          )}
          onSaved={(revision) => setSaved({ unit, revision })}
        />
      )}
      {saved && saved.unit === unit && (
        <Alert type="success" showIcon style={{ marginTop: 12 }} title={`Đã lưu lần gắn ${saved.revision}`} />
      )}
    </>
  );
}

/** One unit's binding: an agency (by kind or by name) and optionally fewer hours for each step. */
function BindingForm({
  me,
  url,
  steps,
  initial,
  isCommune,
  agencies,
  onSaved,
}: {
  me: Me;
  url: string;
  steps: WorkflowStep[];
  initial: StepBinding[];
  isCommune: boolean;
  agencies: Agency[];
  onSaved: (revision: number) => void;
}) {
  const client = useQueryClient();
  const [choices, setChoices] = useState<Record<string, { choice?: string; hours?: number | null }>>(() =>
    Object.fromEntries(initial.map((b) => [b.stepCode, { choice: choiceOf(b), hours: b.hours ?? null }])),
  );
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: () => {
      const body = steps.flatMap((s) => {
        const c = choices[s.code];
        if (!c?.choice) return [];
        const [how, value] = c.choice.split(/:(.*)/s) as [string, string];
        return [
          {
            stepCode: s.code,
            ...(how === 'kind' ? { agencyKind: value } : { agencyCode: value }),
            ...(c.hours ? { hours: c.hours } : {}),
          },
        ];
      });
      return sendJson<AnswerOf<'/api/v1/procedures/{code}/versions/{version}/bindings/{unit}', 'put'>>(
        'PUT',
        url,
        { steps: body },
        me.csrfToken,
      );
    },
    onSuccess: async (r) => {
      onSaved(r.revision);
      await client.invalidateQueries({ queryKey: ['binding'] });
      await client.invalidateQueries({ queryKey: ['readiness'] });
    },
    onError: (e) =>
      setProblems(
        e instanceof ApiError && e.problem.errors?.length
          ? e.problem.errors.map((x) => {
              const i = /steps\[(\d+)\]/.exec(x.field);
              return i ? `Bước thứ ${Number(i[1]) + 1}: ${x.message}` : x.message;
            })
          : [e.message],
      ),
  });
  const options = [
    ...(isCommune
      ? []
      : [
          {
            label: 'Theo loại cơ quan (mỗi xã dùng cơ quan của chính xã)',
            options: localKinds.map((k) => ({ value: `kind:${k}`, label: vi.agencyKind[k] })),
          },
        ]),
    {
      label: 'Một cơ quan cụ thể',
      options: agencies.map((a) => ({ value: `agency:${a.code}`, label: `${a.name} (${a.code})` })),
    },
  ];
  return (
    <>
      <Table<WorkflowStep>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={steps}
        columns={[
          { title: 'Bước', key: 'name', render: (_, s) => `${s.code} — ${s.name}` },
          {
            title: 'Vai trò',
            dataIndex: 'role',
            width: 130,
            render: (r: WorkflowStep['role']) => vi.role[r],
          },
          {
            title: 'Cơ quan thực hiện',
            key: 'agency',
            width: 420,
            render: (_, s) => (
              <Select
                aria-label={`Cơ quan thực hiện bước ${s.code}`}
                style={{ width: '100%' }}
                showSearch
                optionFilterProp="label"
                allowClear={isCommune}
                placeholder={isCommune ? 'Theo quy tắc chung của tỉnh' : 'Chọn cơ quan'}
                value={choices[s.code]?.choice}
                onChange={(choice?: string) =>
                  setChoices((c) => ({ ...c, [s.code]: { ...c[s.code], choice } }))
                }
                options={options}
              />
            ),
          },
          {
            title: 'Giờ (tối đa theo quy trình)',
            key: 'hours',
            width: 190,
            render: (_, s) => (
              <InputNumber
                aria-label={`Số giờ bước ${s.code}`}
                min={1}
                max={s.hours}
                precision={0}
                placeholder={String(s.hours)}
                value={choices[s.code]?.hours ?? null}
                onChange={(hours) => setChoices((c) => ({ ...c, [s.code]: { ...c[s.code], hours } }))}
              />
            ),
          },
        ]}
      />
      <div style={{ marginTop: 12 }}>
        <ProblemList title="Chưa lưu được" items={problems} />
      </div>
      <Button type="primary" style={{ marginTop: 12 }} loading={save.isPending} onClick={() => save.mutate()}>
        Lưu gắn quy trình
      </Button>
    </>
  );
}
