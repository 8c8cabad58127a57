import { Card, Table, Tag } from 'antd';
import { vi } from '../../../../src/domain/i18n/vi.js';
import { formatInstant } from '../../format';
import type { DossierDetail } from './DossierFacts';

const verdictName = { late: 'Quá hạn', early: 'Trước hạn', on_time: 'Đúng hạn' } as Record<string, string>;

/** The processing log (the control sheet): each action, when, to which status and step, on time or not. */
export function ProcessingLog({ log }: { log: DossierDetail['log'] }) {
  return (
    <Card size="small" title="Quá trình xử lý (Phiếu kiểm soát)">
      <Table
        size="small"
        pagination={false}
        rowKey="seq"
        dataSource={log}
        columns={[
          { title: '#', dataIndex: 'seq', width: 40 },
          {
            title: 'Thao tác',
            render: (_, l) =>
              l.type === 'imported' && l.data['label'] ? (
                <>
                  {String(l.data['label'])} <Tag>hệ thống cũ</Tag>
                </>
              ) : l.actorKind === 'client' ? (
                <>
                  {vi.actionName[l.type] ?? l.type} <Tag color="geekblue">qua Cổng DVCQG</Tag>
                </>
              ) : (
                (vi.actionName[l.type] ?? l.type)
              ),
          },
          { title: 'Lúc', dataIndex: 'at', render: (t: string) => formatInstant(t) },
          { title: 'Trạng thái', render: (_, l) => vi.dossierStatus[l.toStatus] },
          { title: 'Bước', render: (_, l) => l.toStep ?? '' },
          {
            title: 'Đúng hạn?',
            dataIndex: 'stepVerdict',
            render: (v: string | null) =>
              v ? <Tag color={v === 'late' ? 'red' : 'green'}>{verdictName[v] ?? 'Đúng hạn'}</Tag> : null,
          },
          {
            title: 'Ghi chú',
            render: (_, l) => [l.data['reason'] ?? l.data['note'], l.data['by']].filter((x) => x).join(' — '),
          },
        ]}
      />
    </Card>
  );
}
