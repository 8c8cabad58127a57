import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Form,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Me } from '../../../src/contracts/auth.js';
import { api, csrfHeader, ok, type AnswerOf } from '../api';
import { can } from '../auth';
import { Guide } from '../components/Guide';
import { RequireStaff } from '../components/RequireStaff';
import { formatInstant } from '../format';
import { useDebounced } from '../hooks';
import { paths } from '../paths';
import { AgencySelect } from './AccountsPage';

type Scope = AnswerOf<'/api/v1/practice', 'get'>['scopes'][number];
type Generated = AnswerOf<'/api/v1/practice/{agency}/generate', 'post'>;

export function PracticePage() {
  return <RequireStaff>{(me) => <Practice me={me} />}</RequireStaff>;
}

/**
 * Practice mode (thử nghiệm, đào tạo): where a commune or a province's agency practises a procedure
 * before its switch-over, the class sets a trainer generates, and the wipe when the class is over.
 */
function Practice({ me }: { me: Me }) {
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['practice'], queryFn: () => ok(api.GET('/api/v1/practice')) });
  const refresh = () => void client.invalidateQueries({ queryKey: ['practice'] });
  const headers = csrfHeader(me.csrfToken);
  const close = useMutation({
    mutationFn: (s: Scope) =>
      ok(
        api.DELETE('/api/v1/practice/{agency}/{procedure}', {
          params: { path: { agency: s.agency.code, procedure: s.procedure.code } },
          headers,
        }),
      ),
    onSuccess: refresh,
  });
  const wipe = useMutation({
    mutationFn: (agency: string) =>
      ok(api.POST('/api/v1/practice/{agency}/wipe', { params: { path: { agency } }, headers })),
    onSuccess: refresh,
  });
  // Area administrators (who bind workflows to agencies) keep practice.
  const keeps = can(me, 'binding.manage');
  const error = list.error ?? close.error ?? wipe.error;
  return (
    <>
      <Typography.Title level={2}>Thử nghiệm, đào tạo</Typography.Title>
      <Guide title="Cho cán bộ tập làm trên hồ sơ thử nghiệm trước khi chuyển đổi">
        Quản trị tỉnh, xã mở thử nghiệm một thủ tục tại một cơ quan. Ở đó cán bộ một cửa bật “Hồ sơ thử
        nghiệm” khi tiếp nhận; hồ sơ đi đúng quy trình, biểu mẫu và thời hạn thật, mã bắt đầu bằng THUNGHIEM-,
        mọi màn hình và Mẫu 01 ghi rõ THỬ NGHIỆM. Hồ sơ thử nghiệm không gửi lên Cổng DVCQG, không nhắn tin
        cho người dân, không tính vào chỉ số và báo cáo. Giảng viên “Tạo hồ sơ cho lớp” để mỗi bước quy trình
        có sẵn hồ sơ cho học viên; hết lớp thì “Xóa hồ sơ thử nghiệm” của cơ quan. Xem thêm{' '}
        <Link to={paths.help}>Hướng dẫn sử dụng</Link>.
      </Guide>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      {keeps && <OpenPractice me={me} onOpened={refresh} />}
      <Card title="Nơi đang thử nghiệm" size="small" style={{ marginBottom: 16 }}>
        <Table<Scope>
          rowKey={(s) => `${s.agency.code}/${s.procedure.code}`}
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.scopes}
          aria-label="Nơi đang thử nghiệm"
          locale={{ emptyText: 'Chưa mở thử nghiệm ở đâu' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: 'Cơ quan', render: (_, s) => s.agency.name },
            { title: 'Thủ tục', render: (_, s) => `${s.procedure.code} — ${s.procedure.name}` },
            {
              title: 'Mở lúc',
              width: 190,
              render: (_, s) => `${formatInstant(s.openedAt)}${s.openedBy ? ` · ${s.openedBy}` : ''}`,
            },
            {
              title: '',
              width: 330,
              render: (_, s) =>
                s.canManage ? (
                  <Space>
                    <GenerateButton me={me} scope={s} onDone={refresh} />
                    <Button size="small" onClick={() => close.mutate(s)}>
                      Đóng thử nghiệm
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card title="Hồ sơ thử nghiệm theo cơ quan" size="small">
        <Table
          rowKey="code"
          size="small"
          dataSource={list.data?.agencies}
          aria-label="Hồ sơ thử nghiệm theo cơ quan"
          pagination={false}
          locale={{ emptyText: 'Không có' }}
          columns={[
            { title: 'Cơ quan', dataIndex: 'name' },
            { title: 'Hồ sơ thử nghiệm', dataIndex: 'dossiers', width: 160 },
            {
              title: '',
              width: 220,
              render: (_, a: { code: string; name: string; dossiers: number }) =>
                keeps && list.data?.scopes.some((s) => s.agency.code === a.code && s.canManage) ? (
                  <Popconfirm
                    title={`Xóa ${a.dossiers} hồ sơ thử nghiệm của ${a.name}?`}
                    description="Chỉ hồ sơ thử nghiệm bị xóa; hồ sơ thật không bị ảnh hưởng."
                    okText="Xóa"
                    cancelText="Không"
                    onConfirm={() => wipe.mutate(a.code)}
                  >
                    <Button size="small" danger disabled={a.dossiers === 0}>
                      Xóa hồ sơ thử nghiệm
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
        {wipe.data && <Alert type="success" showIcon title={`Đã xóa ${wipe.data.wiped} hồ sơ thử nghiệm`} />}
      </Card>
    </>
  );
}

function OpenPractice({ me, onOpened }: { me: Me; onOpened: () => void }) {
  const [form] = Form.useForm<{ agencyCode: string; procedureCode: string }>();
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const procedures = useQuery({
    queryKey: ['procedures', 'practice', q],
    queryFn: () => ok(api.GET('/api/v1/procedures', { params: { query: { q, limit: 20 } } })),
  });
  const open = useMutation({
    mutationFn: (body: { agencyCode: string; procedureCode: string }) =>
      ok(api.POST('/api/v1/practice', { body, headers: csrfHeader(me.csrfToken) })),
    onSuccess: () => {
      form.resetFields(['procedureCode']);
      onOpened();
    },
  });
  return (
    <Card title="Mở thử nghiệm" size="small" style={{ marginBottom: 16 }}>
      <Form form={form} layout="inline" onFinish={(v) => open.mutate(v)}>
        <Form.Item
          name="agencyCode"
          label="Cơ quan"
          rules={[{ required: true, message: 'Chọn cơ quan' }]}
          style={{ minWidth: 380 }}
        >
          <AgencySelect style={{ width: 360 }} />
        </Form.Item>
        <Form.Item name="procedureCode" label="Thủ tục" rules={[{ required: true, message: 'Chọn thủ tục' }]}>
          <Select
            style={{ width: 380 }}
            aria-label="Thủ tục"
            placeholder="Gõ mã hoặc tên thủ tục"
            showSearch={{ filterOption: false, onSearch: setText }}
            options={(procedures.data?.items ?? []).map((p) => ({
              value: p.code,
              label: `${p.code} — ${p.name}`,
            }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={open.isPending}>
          Mở thử nghiệm
        </Button>
      </Form>
      {open.error && <Alert type="error" showIcon title={open.error.message} style={{ marginTop: 12 }} />}
    </Card>
  );
}

function GenerateButton({ me, scope, onDone }: { me: Me; scope: Scope; onDone: () => void }) {
  const [perStep, setPerStep] = useState(3);
  const [made, setMade] = useState<Generated | null>(null);
  const generate = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/practice/{agency}/generate', {
          params: { path: { agency: scope.agency.code } },
          body: { procedureCode: scope.procedure.code, perStep },
          headers: csrfHeader(me.csrfToken),
        }),
      ),
    onSuccess: (r) => {
      setMade(r);
      onDone();
    },
  });
  return (
    <Space orientation="vertical" size={4}>
      <Space>
        <InputNumber
          size="small"
          min={1}
          max={20}
          value={perStep}
          onChange={(v) => setPerStep(v ?? 1)}
          aria-label="Số hồ sơ mỗi bước"
          style={{ width: 64 }}
        />
        <Button size="small" type="primary" loading={generate.isPending} onClick={() => generate.mutate()}>
          Tạo hồ sơ cho lớp
        </Button>
      </Space>
      {generate.error && <Typography.Text type="danger">{generate.error.message}</Typography.Text>}
      {made && (
        <Typography.Text>
          {made.steps.map((s) => (
            <Tag key={s.step.code}>
              {s.step.name}: {s.codes.length}
            </Tag>
          ))}
        </Typography.Text>
      )}
    </Space>
  );
}
