import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Card,
  Descriptions,
  Empty,
  List,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Component, ProcessingTime } from '../../../src/domain/catalog/procedureVersion.js';
import type { ProcedureDetail, RouteView } from '../../../src/contracts/catalog.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { getJson } from '../api';
import { formatDay } from '../format';
import { paths } from '../paths';
import { OnlineTag } from './CatalogPage';

const money = (n: number) => (n === 0 ? 'Không thu' : `${n.toLocaleString('vi-VN')} đồng`);
const duration = (t: ProcessingTime) => `${t.amount.toLocaleString('vi-VN')} ${vi.timeUnit[t.unit]}`;

/** Every field of a procedure version in plain Vietnamese; older versions one click away. */
export function ProcedurePage() {
  const { code = '' } = useParams();
  const detail = useQuery({
    queryKey: ['procedure', code],
    queryFn: () => getJson<ProcedureDetail>(`/api/v1/procedures/${code}`),
  });
  const [chosen, setChosen] = useState<number | undefined>();
  if (detail.error)
    return (
      <Alert
        type="error"
        showIcon
        title={detail.error.message}
        action={<Link to={paths.catalog}>Danh mục</Link>}
      />
    );
  const p = detail.data;
  if (!p) return null;
  const version = p.versions.find((v) => v.version === chosen) ?? p.versions[0];
  const c = version?.content;
  return (
    <>
      <Breadcrumb
        items={[{ title: <Link to={paths.catalog}>Thủ tục hành chính</Link> }, { title: p.code }]}
      />
      <Typography.Title level={2}>
        {p.name} {p.example && <Tag>Ví dụ</Tag>}
      </Typography.Title>
      {!version || !c ? (
        <Empty description="Chưa có phiên bản được công bố" />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, lg: 3 }}>
              <Descriptions.Item label="Mã thủ tục">{p.code}</Descriptions.Item>
              <Descriptions.Item label="Bộ, ngành">{p.ministry.name}</Descriptions.Item>
              <Descriptions.Item label="Lĩnh vực">{p.sector.name}</Descriptions.Item>
              <Descriptions.Item label="Phiên bản">
                <Select
                  size="small"
                  value={version.version}
                  onChange={setChosen}
                  aria-label="Phiên bản"
                  options={p.versions.map((v) => ({
                    value: v.version,
                    label: `${v.version} — ${vi.versionStatus[v.status]}`,
                  }))}
                />
              </Descriptions.Item>
              <Descriptions.Item label="Quyết định công bố">
                {version.decision
                  ? `${version.decision.number}, ngày ${formatDay(version.decision.date)}`
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label="Hiệu lực">
                {version.effectiveFrom ? `từ ${formatDay(version.effectiveFrom)}` : '—'}
                {version.effectiveTo ? ` đến ${formatDay(version.effectiveTo)}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label="Cấp thực hiện">
                {c.levels.map((l) => vi.implementingLevel[l]).join(', ')}
              </Descriptions.Item>
              <Descriptions.Item label="Mức độ trực tuyến">
                <OnlineTag level={c.onlineLevel} />
              </Descriptions.Item>
              <Descriptions.Item label="Phi địa giới">{c.crossBoundary ? 'Có' : 'Không'}</Descriptions.Item>
              <Descriptions.Item label="Thời hạn (trực tiếp)">{duration(c.time.direct)}</Descriptions.Item>
              <Descriptions.Item label="Thời hạn (trực tuyến)">{duration(c.time.online)}</Descriptions.Item>
              <Descriptions.Item label="Tiếp nhận sau 15 giờ">
                {c.sameDayCutoff ? 'Tính từ ngày làm việc tiếp theo' : 'Không áp dụng'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <ComponentsTable title="Thành phần hồ sơ" components={c.components} />
          {c.cases.map((k) => (
            <ComponentsTable key={k.code} title={`Trường hợp: ${k.name}`} components={k.components} />
          ))}
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            title={() => <strong>Phí, lệ phí</strong>}
            dataSource={c.fees}
            locale={{ emptyText: 'Không thu phí, lệ phí' }}
            columns={[
              { title: 'Khoản thu', dataIndex: 'name' },
              { title: 'Mức thu', dataIndex: 'amount', width: 180, render: money },
              {
                title: 'Thời điểm thu',
                dataIndex: 'collected',
                width: 180,
                render: (v: string) => (v === 'before' ? 'Khi nộp hồ sơ' : 'Khi nhận kết quả'),
              },
            ]}
          />
          <RoutesTable code={p.code} />
          <Card size="small" title="Kết quả và căn cứ pháp lý">
            <List
              size="small"
              header={<strong>Kết quả</strong>}
              dataSource={c.results}
              renderItem={(r) => (
                <List.Item>
                  {r.name}
                  {r.mustBeSigned ? ' (ký số)' : ''}
                </List.Item>
              )}
            />
            <List
              size="small"
              header={<strong>Căn cứ pháp lý</strong>}
              dataSource={c.legalBasis}
              renderItem={(l) => <List.Item>{l}</List.Item>}
            />
            {c.conditions && <Typography.Paragraph>Điều kiện: {c.conditions}</Typography.Paragraph>}
          </Card>
        </Space>
      )}
    </>
  );
}

function ComponentsTable({ title, components }: { title: string; components: Component[] }) {
  return (
    <Table<Component>
      rowKey="code"
      size="small"
      pagination={false}
      title={() => <strong>{title}</strong>}
      dataSource={components}
      columns={[
        { title: 'Giấy tờ', dataIndex: 'name' },
        {
          title: 'Loại',
          dataIndex: 'form',
          width: 170,
          render: (f: Component['form']) => vi.componentForm[f],
        },
        { title: 'Số bản', dataIndex: 'copies', width: 80 },
        {
          title: 'Ghi chú',
          key: 'note',
          width: 280,
          render: (_, x) => (
            <Space size={4} wrap>
              {x.required ? <Tag color="red">Bắt buộc</Tag> : <Tag>Không bắt buộc</Tag>}
              {x.eformSchema && <Tag color="green">Có biểu mẫu điện tử</Tag>}
              {x.suppliedByNationalDb && <Tag color="blue">Khai thác từ {x.suppliedByNationalDb}</Tag>}
            </Space>
          ),
        },
      ]}
    />
  );
}

type RouteRow = RouteView;
const modeColor = { central: 'green', pilot: 'gold', provincial: 'default' } as const;

/** Where the procedure's dossiers go, province by province, and the changes scheduled. */
function RoutesTable({ code }: { code: string }) {
  const routes = useQuery({
    queryKey: ['routes', code],
    queryFn: () => getJson<{ items: RouteRow[] }>(`/api/v1/procedures/${code}/routes`),
  });
  return (
    <Table<RouteRow>
      rowKey="provinceCode"
      size="small"
      loading={routes.isLoading}
      dataSource={routes.data?.items}
      pagination={{ pageSize: 10, showSizeChanger: false }}
      title={() => <strong>Tuyến triển khai theo tỉnh, thành phố</strong>}
      columns={[
        { title: 'Tỉnh, thành phố', dataIndex: 'provinceName' },
        {
          title: 'Đang áp dụng',
          dataIndex: 'mode',
          width: 200,
          render: (m: RouteRow['mode']) => <Tag color={modeColor[m]}>{vi.routeMode[m]}</Tag>,
        },
        {
          title: 'Từ',
          dataIndex: 'effectiveFrom',
          width: 140,
          render: (v: string | null) => (v ? formatDay(v.slice(0, 10)) : '—'),
        },
        {
          title: 'Đã lên lịch',
          dataIndex: 'upcoming',
          render: (u: RouteRow['upcoming']) =>
            u
              .map((x) => `${vi.routeMode[x.mode]} từ ${formatDay(x.effectiveFrom.slice(0, 10))}`)
              .join('; ') || '—',
        },
      ]}
    />
  );
}
