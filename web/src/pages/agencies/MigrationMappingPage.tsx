import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { MigrationMapping } from '../../../../src/contracts/migration.js';
import { Guide } from '../../components/Guide';
import { RequireStaff } from '../../components/RequireStaff';
import { paths } from '../../paths';

type Mapping = MigrationMapping;
type Found = Mapping['units'][number]['found'];

const foundName: Record<Found, string> = {
  'e-id': 'Mã định danh',
  lineage: 'Sắp xếp 2025',
  name: 'Theo tên',
  code: 'Theo mã',
  'id-number': 'Số định danh',
  username: 'Tên đăng nhập',
  manual: 'Đã chọn',
  unmapped: 'Chưa ánh xạ',
};
const foundTag = (f: Found) => (
  <Tag color={f === 'unmapped' ? 'red' : f === 'manual' ? 'blue' : 'green'}>{foundName[f]}</Tag>
);
const unmappedFirst = <T extends { found: Found }>(rows: T[]) =>
  [...rows].sort((a, b) => Number(b.found === 'unmapped') - Number(a.found === 'unmapped'));

export function MigrationMappingPage() {
  return <RequireStaff permission="agency.manage">{() => <Review />}</RequireStaff>;
}

/**
 * The review of a migration's mapping (`motcua migrate-in plan`'s file): read in the browser, the
 * unmapped items first with the reason and candidates, each choice made here, the reviewed file
 * saved for `migrate-in check --mapping`. Nothing is sent to the server.
 */
function Review() {
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fileName, setFileName] = useState('anh-xa.json');

  const read = async (file: File) => {
    setError(null);
    try {
      const parsed = MigrationMapping.safeParse(JSON.parse(await file.text()));
      if (!parsed.success) throw new Error('Tệp không phải tệp ánh xạ của lệnh migrate-in plan');
      // Unmapped first, once: a row decided on stays where it is while the others are reviewed.
      const m = parsed.data;
      setMapping({
        ...m,
        units: unmappedFirst(m.units),
        procedures: unmappedFirst(m.procedures),
        officials: unmappedFirst(m.officials),
        steps: unmappedFirst(m.steps ?? []),
      });
      setFileName(file.name.replace(/(\.json)?$/, '-da-ra-soat.json'));
    } catch (e) {
      setMapping(null);
      setError(e instanceof SyntaxError ? 'Tệp không phải JSON' : (e as Error).message);
    }
  };

  const counted = useMemo(() => {
    if (!mapping) return null;
    const count = (l: { found: Found }[]) => l.filter((x) => x.found === 'unmapped').length;
    return {
      ...mapping,
      unmapped: {
        units: count(mapping.units),
        procedures: count(mapping.procedures),
        officials: count(mapping.officials),
        steps: count(mapping.steps ?? []),
      },
    };
  }, [mapping]);

  const save = () => {
    if (!counted) return;
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(counted, null, 2)], { type: 'application/json' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
  };

  /** Sets one item's target by its key; clearing it leaves the item unmapped. */
  const choose = <K extends 'units' | 'procedures' | 'officials' | 'steps'>(
    list: K,
    key: (x: NonNullable<Mapping[K]>[number]) => string,
    id: string,
    field: 'agency' | 'procedure' | 'account' | 'step',
    value: string | undefined,
  ) =>
    setMapping((m) =>
      m
        ? {
            ...m,
            [list]: ((m[list] ?? []) as NonNullable<Mapping[K]>[number][]).map((x) =>
              key(x) === id ? { ...x, [field]: value ?? null, found: value ? 'manual' : 'unmapped' } : x,
            ),
          }
        : m,
    );

  const target = (
    value: string | null,
    candidates: { code: string; name: string }[],
    onChange: (v: string | undefined) => void,
    label: string,
  ) => <TargetSelect value={value} candidates={candidates} onChange={onChange} label={label} />;

  return (
    <>
      <Breadcrumb
        items={[
          { title: <Link to={paths.agencies}>Cơ quan, đơn vị</Link> },
          { title: 'Rà soát ánh xạ chuyển đổi' },
        ]}
      />
      <Typography.Title level={2}>Rà soát ánh xạ chuyển đổi dữ liệu</Typography.Title>
      <Guide title="Chuyển hồ sơ từ hệ thống một cửa của tỉnh: rà soát ánh xạ trước khi kiểm tra, nhập">
        Chạy <code>motcua migrate-in plan THƯ_MỤC --province MÃ_TỈNH --out anh-xa.json</code> trên bản xuất
        của hệ thống cũ, rồi mở tệp ở đây. Các mục chưa ánh xạ (màu đỏ) đứng đầu mỗi bảng, kèm lý do và gợi ý:
        chọn cơ quan, thủ tục, tài khoản tương ứng (hoặc gõ mã), rồi lưu tệp đã rà soát và dùng cho{' '}
        <code>motcua migrate-in check … --mapping</code>. Tệp chỉ được đọc trên máy của bạn, không gửi lên máy
        chủ.
      </Guide>
      <Upload.Dragger
        accept=".json,application/json"
        showUploadList={false}
        beforeUpload={(f) => (void read(f), false)}
        style={{ marginBottom: 16 }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">Kéo tệp ánh xạ (.json) vào đây, hoặc bấm để chọn</p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {counted && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            {(
              [
                ['Đơn vị chưa ánh xạ', counted.unmapped.units, counted.units.length],
                ['Thủ tục chưa ánh xạ', counted.unmapped.procedures, counted.procedures.length],
                ['Cán bộ chưa ánh xạ', counted.unmapped.officials, counted.officials.length],
              ] as const
            ).map(([label, n, of]) => (
              <Col xs={24} md={8} key={label}>
                <Card size="small">
                  <Statistic
                    title={label}
                    value={n}
                    suffix={`/ ${of}`}
                    styles={{ content: { color: n > 0 ? '#cf1322' : undefined } }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Space style={{ marginBottom: 16 }}>
            <Button type="primary" icon={<DownloadOutlined />} onClick={save}>
              Lưu tệp đã rà soát
            </Button>
            <Typography.Text type="secondary">Tỉnh, thành phố: {counted.province}</Typography.Text>
          </Space>
          <Tabs
            items={[
              {
                key: 'units',
                label: `Đơn vị (${counted.unmapped.units} chưa ánh xạ)`,
                children: (
                  <Table
                    rowKey="groupCode"
                    size="small"
                    aria-label="Đơn vị"
                    dataSource={counted.units}
                    pagination={{ pageSize: 15, showSizeChanger: false }}
                    columns={[
                      { title: 'Đơn vị trên hệ thống cũ', dataIndex: 'name' },
                      { title: 'Loại', dataIndex: 'catalog', width: 120 },
                      { title: 'Cách ánh xạ', dataIndex: 'found', width: 130, render: foundTag },
                      {
                        title: 'Cơ quan trên motcua',
                        key: 'agency',
                        width: 380,
                        render: (_, u) => (
                          <>
                            {target(
                              u.agency,
                              u.candidates,
                              (v) => choose('units', (x) => x.groupCode, u.groupCode, 'agency', v),
                              `Cơ quan cho ${u.name}`,
                            )}
                            {u.note && u.found === 'unmapped' && (
                              <Typography.Text type="secondary">{u.note}</Typography.Text>
                            )}
                          </>
                        ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'procedures',
                label: `Thủ tục (${counted.unmapped.procedures} chưa ánh xạ)`,
                children: (
                  <Table
                    rowKey="source"
                    size="small"
                    aria-label="Thủ tục"
                    dataSource={counted.procedures}
                    pagination={false}
                    columns={[
                      { title: 'Mã trên hệ thống cũ', dataIndex: 'source', width: 220 },
                      { title: 'Tên', dataIndex: 'name' },
                      { title: 'Cách ánh xạ', dataIndex: 'found', width: 130, render: foundTag },
                      {
                        title: 'Thủ tục trong danh mục',
                        key: 'procedure',
                        width: 320,
                        render: (_, p) =>
                          target(
                            p.procedure,
                            p.candidates,
                            (v) => choose('procedures', (x) => x.source, p.source, 'procedure', v),
                            `Thủ tục cho ${p.source}`,
                          ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'officials',
                label: `Cán bộ (${counted.unmapped.officials} chưa ánh xạ)`,
                children: (
                  <Table
                    rowKey="id"
                    size="small"
                    aria-label="Cán bộ"
                    dataSource={counted.officials}
                    pagination={{ pageSize: 15, showSizeChanger: false }}
                    columns={[
                      { title: 'Họ và tên', dataIndex: 'fullName' },
                      { title: 'Tên đăng nhập cũ', dataIndex: 'userName', width: 200 },
                      { title: 'Cách ánh xạ', dataIndex: 'found', width: 130, render: foundTag },
                      {
                        title: 'Tài khoản trên motcua',
                        key: 'account',
                        width: 320,
                        render: (_, o) =>
                          target(
                            o.account,
                            o.candidates,
                            (v) => choose('officials', (x) => x.id, o.id, 'account', v),
                            `Tài khoản cho ${o.fullName}`,
                          ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'steps',
                label: `Bước xử lý (${counted.unmapped.steps} chưa ánh xạ)`,
                children: (
                  <Table
                    rowKey="node"
                    size="small"
                    aria-label="Bước xử lý"
                    dataSource={counted.steps ?? []}
                    pagination={{ pageSize: 15, showSizeChanger: false }}
                    columns={[
                      { title: 'Thủ tục (mã cũ)', dataIndex: 'procedure', width: 230 },
                      { title: 'Bước trên quy trình cũ', dataIndex: 'name' },
                      { title: 'Cách ánh xạ', dataIndex: 'found', width: 130, render: foundTag },
                      {
                        title: 'Bước của quy trình tại motcua',
                        key: 'step',
                        width: 320,
                        render: (_, x) =>
                          target(
                            x.step,
                            x.candidates,
                            (v) => choose('steps', (y) => y.node, x.node, 'step', v),
                            `Bước cho ${x.name}`,
                          ),
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}

/** A target chosen among the candidates, or typed as a code (a search that matches none offers it). */
function TargetSelect(props: {
  value: string | null;
  candidates: { code: string; name: string }[];
  onChange: (v: string | undefined) => void;
  label: string;
}) {
  const [search, setSearch] = useState('');
  const typed = search.trim();
  const options = [
    ...props.candidates.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` })),
    ...(props.value && !props.candidates.some((c) => c.code === props.value)
      ? [{ value: props.value, label: props.value }]
      : []),
  ];
  if (typed && !options.some((o) => o.value === typed)) options.push({ value: typed, label: `Mã ${typed}` });
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label', onSearch: setSearch }}
      aria-label={props.label}
      placeholder="Chọn trong gợi ý hoặc gõ mã"
      style={{ width: '100%' }}
      value={props.value ?? undefined}
      onChange={(v: string | undefined) => (setSearch(''), props.onChange(v))}
      options={options}
    />
  );
}
