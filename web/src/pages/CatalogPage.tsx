import { useQuery } from '@tanstack/react-query';
import { Alert, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { ProcedureSummary } from '../../../src/contracts/catalog.js';
import {
  implementingLevels,
  onlineLevels,
  type ImplementingLevel,
  type OnlineLevel,
} from '../../../src/domain/catalog/procedureVersion.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { api, ok } from '../api';
import { Guide } from '../components/Guide';
import { useDebounced, useSearchShortcut } from '../hooks';
import { paths } from '../paths';

const onlineColor: Record<OnlineLevel, string> = {
  toan_trinh: 'green',
  mot_phan: 'blue',
  thong_tin: 'default',
};

export function OnlineTag({ level }: { level: OnlineLevel }) {
  return <Tag color={onlineColor[level]}>{vi.onlineLevel[level]}</Tag>;
}

/** The procedure catalog: search by name or code (accents optional), filter by ministry, level, online level. */
export function CatalogPage() {
  const navigate = useNavigate();
  const searchRef = useSearchShortcut();
  const [text, setText] = useState('');
  const [ministry, setMinistry] = useState<string | undefined>();
  const [level, setLevel] = useState<ImplementingLevel | undefined>();
  const [online, setOnline] = useState<OnlineLevel | undefined>();
  const q = useDebounced(text.trim());
  const ministries = useQuery({
    queryKey: ['ministries'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/agencies', { params: { query: { kind: 'ministry', limit: 100 } } }))).items,
  });
  const list = useQuery({
    queryKey: ['procedures', q, ministry, level, online],
    queryFn: () =>
      ok(api.GET('/api/v1/procedures', { params: { query: { q, ministry, level, online, limit: 500 } } })),
    placeholderData: (p) => p,
  });
  return (
    <>
      <Typography.Title level={2}>Thủ tục hành chính</Typography.Title>
      <Guide title="Danh mục thủ tục do các bộ công bố">
        Mỗi thủ tục có các phiên bản theo quyết định công bố; hồ sơ luôn được giải quyết theo phiên bản có
        hiệu lực khi tiếp nhận. Tìm theo tên hoặc mã (ví dụ <i>khai sinh</i>, <i>1.001193</i>); nhấn{' '}
        <kbd>/</kbd> để về ô tìm kiếm. Thủ tục gắn nhãn “Ví dụ” là dữ liệu minh họa, không phải mã quốc gia.
      </Guide>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          ref={searchRef}
          autoFocus
          allowClear
          style={{ width: 320 }}
          placeholder="Tên hoặc mã thủ tục"
          aria-label="Tìm thủ tục"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 260 }}
          placeholder="Bộ, ngành"
          aria-label="Bộ, ngành"
          value={ministry}
          onChange={setMinistry}
          options={(ministries.data ?? []).map((m) => ({ value: m.code, label: m.name }))}
        />
        <Select<ImplementingLevel>
          allowClear
          style={{ width: 150 }}
          placeholder="Cấp thực hiện"
          aria-label="Cấp thực hiện"
          value={level}
          onChange={setLevel}
          options={implementingLevels.map((l) => ({ value: l, label: vi.implementingLevel[l] }))}
        />
        <Select<OnlineLevel>
          allowClear
          style={{ width: 210 }}
          placeholder="Mức độ trực tuyến"
          aria-label="Mức độ trực tuyến"
          value={online}
          onChange={setOnline}
          options={onlineLevels.map((l) => ({ value: l, label: vi.onlineLevel[l] }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<ProcedureSummary>
        rowKey="code"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (n) => `${n} thủ tục` }}
        onRow={(p) => ({ onClick: () => navigate(paths.procedure(p.code)), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: 'Mã',
            dataIndex: 'code',
            width: 110,
            render: (c: string, p) =>
              p.example ? (
                <Space size={4}>
                  {c}
                  <Tag>Ví dụ</Tag>
                </Space>
              ) : (
                c
              ),
          },
          {
            title: 'Tên thủ tục',
            dataIndex: 'name',
            render: (n: string, p) => <Link to={paths.procedure(p.code)}>{n}</Link>,
          },
          { title: 'Lĩnh vực', dataIndex: ['sector', 'name'], width: 190 },
          { title: 'Bộ, ngành', dataIndex: ['ministry', 'name'], width: 200 },
          {
            title: 'Cấp',
            key: 'levels',
            width: 120,
            render: (_, p) => p.current?.levels.map((l) => vi.implementingLevel[l]).join(', '),
          },
          {
            title: 'Trực tuyến',
            key: 'online',
            width: 180,
            render: (_, p) => p.current && <OnlineTag level={p.current.onlineLevel} />,
          },
        ]}
      />
    </>
  );
}
