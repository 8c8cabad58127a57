import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Descriptions, Drawer, Input, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { AdminUnit } from '../../../src/contracts/adminUnits.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { matchesSearch } from '../../../src/domain/text/searchKey.js';
import { api, ok } from '../api';
import { Guide } from '../components/Guide';
import { SmsBrandnameCard } from '../components/SmsBrandnameCard';
import { useMe } from '../auth';
import { AgencyKindTag, UnitKindTag } from '../components/labels';
import { useSearchShortcut } from '../hooks';
import { formatDay } from '../format';
import { paths } from '../paths';

/** One province: its communes (searchable without accents) and, in a drawer, a commune's lineage and agencies. */
export function ProvincePage() {
  const { code = '' } = useParams();
  const signedIn = (useMe().data?.grants.length ?? 0) > 0;
  const [params, setParams] = useSearchParams();
  // An empty ?xa= is no selection, not a commune with an empty code.
  const selected = params.get('xa') || null;
  const searchRef = useSearchShortcut();
  const [text, setText] = useState('');

  const province = useQuery({
    queryKey: ['admin-unit', code],
    queryFn: () => ok(api.GET('/api/v1/admin-units/{code}', { params: { path: { code: code ?? '' } } })),
  });
  const communes = useQuery({
    queryKey: ['communes', code],
    queryFn: () => ok(api.GET('/api/v1/admin-units', { params: { query: { parent: code, limit: 500 } } })),
  });
  const shown = (communes.data?.items ?? []).filter(
    (c) => matchesSearch(c.name, text) || c.code.startsWith(text.trim()),
  );

  if (province.error) {
    return (
      <Alert
        type="error"
        showIcon
        title={province.error.message}
        action={<Link to={paths.provinces}>Danh sách tỉnh</Link>}
      />
    );
  }
  const p = province.data;
  return (
    <>
      <Breadcrumb
        items={[{ title: <Link to={paths.provinces}>Đơn vị hành chính</Link> }, { title: p?.name ?? code }]}
        style={{ marginBottom: 8 }}
      />
      <Typography.Title level={2}>{p?.name ?? '…'}</Typography.Title>
      <Guide title="Các xã, phường, đặc khu của tỉnh">
        Gõ vào ô tìm kiếm để lọc ngay (có dấu hay không dấu đều được); nhấn <kbd>Enter</kbd> để mở xã đầu tiên
        trong danh sách. Mỗi xã cho biết các đơn vị cũ đã hợp nhất vào (toàn bộ hay một phần) và cơ quan đặt
        tại xã.
      </Guide>
      {p && (
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label="Mã">{p.code}</Descriptions.Item>
          <Descriptions.Item label="Loại">
            <UnitKindTag kind={p.kind} />
          </Descriptions.Item>
          <Descriptions.Item label="Số xã, phường, đặc khu">{p.communeCount}</Descriptions.Item>
          <Descriptions.Item label="Hiệu lực từ">{formatDay(p.validFrom)}</Descriptions.Item>
          <Descriptions.Item label="Hình thành từ" span={2}>
            {p.lineage.map((l) => l.name).join(', ') || '—'}
          </Descriptions.Item>
        </Descriptions>
      )}
      {signedIn ? <SmsBrandnameCard province={code} /> : null}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.Search
          ref={searchRef}
          autoFocus
          allowClear
          placeholder="Tìm xã, phường, đặc khu theo tên hoặc mã"
          aria-label="Tìm xã, phường, đặc khu"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={() => shown[0] && setParams({ xa: shown[0].code })}
        />
        <Table<AdminUnit>
          rowKey="code"
          size="small"
          loading={communes.isLoading}
          dataSource={shown}
          pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (n) => `${n} đơn vị` }}
          onRow={(c) => ({ onClick: () => setParams({ xa: c.code }), style: { cursor: 'pointer' } })}
          columns={[
            { title: 'Mã', dataIndex: 'code', width: 90 },
            {
              title: 'Tên',
              dataIndex: 'name',
              render: (name: string, c) => <Link to={`?xa=${c.code}`}>{name}</Link>,
            },
            { title: 'Loại', dataIndex: 'kind', width: 120, render: (_, c) => <UnitKindTag kind={c.kind} /> },
          ]}
        />
      </Space>
      <CommuneDrawer code={selected} onClose={() => setParams({})} />
    </>
  );
}

function CommuneDrawer({ code, onClose }: { code: string | null; onClose: () => void }) {
  const detail = useQuery({
    queryKey: ['admin-unit', code],
    queryFn: () => ok(api.GET('/api/v1/admin-units/{code}', { params: { path: { code: code ?? '' } } })),
    enabled: code !== null,
  });
  const agencies = useQuery({
    queryKey: ['agencies-in-unit', code],
    queryFn: () => ok(api.GET('/api/v1/agencies', { params: { query: { unit: code ?? '', limit: 50 } } })),
    enabled: code !== null,
  });
  const d = detail.data;
  return (
    <Drawer
      open={code !== null}
      onClose={onClose}
      size={520}
      title={d?.name ?? 'Đơn vị hành chính'}
      loading={detail.isLoading}
    >
      {detail.error && <Alert type="error" showIcon title={detail.error.message} />}
      {d && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="Mã">{d.code}</Descriptions.Item>
            <Descriptions.Item label="Loại">
              <UnitKindTag kind={d.kind} />
            </Descriptions.Item>
            <Descriptions.Item label="Thuộc">{d.parent?.name}</Descriptions.Item>
            <Descriptions.Item label="Hiệu lực từ">{formatDay(d.validFrom)}</Descriptions.Item>
          </Descriptions>
          <List
            size="small"
            header={<strong>Hình thành từ ({d.lineage.length} đơn vị cũ)</strong>}
            dataSource={d.lineage}
            locale={{ emptyText: 'Không có dữ liệu' }}
            renderItem={(l) => (
              <List.Item
                actions={[
                  <Tag key="t" color={l.mergeType === 'full' ? 'green' : 'orange'}>
                    {vi.mergeType[l.mergeType]}
                  </Tag>,
                ]}
              >
                {l.name} <Typography.Text type="secondary">({l.code})</Typography.Text>
              </List.Item>
            )}
          />
          <List
            size="small"
            header={<strong>Cơ quan đặt tại đơn vị</strong>}
            loading={agencies.isLoading}
            dataSource={agencies.data?.items}
            renderItem={(a) => (
              <List.Item actions={[<AgencyKindTag key="k" kind={a.kind} />]}>
                <Link to={paths.agency(a.code)}>{a.name}</Link>
              </List.Item>
            )}
          />
        </Space>
      )}
    </Drawer>
  );
}
