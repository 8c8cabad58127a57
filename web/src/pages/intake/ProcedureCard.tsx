import { useQuery } from '@tanstack/react-query';
import { Card, Col, Form, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import type { AnswerOf } from '../../api';
import { api, ok } from '../../api';
import { matchesSearch } from '../../../../src/domain/text/searchKey.js';
import { useDebounced } from '../../hooks';

export type PublishedVersion = AnswerOf<'/api/v1/procedures/{code}', 'get'>['versions'][number];

/** Step 1 of intake: the procedure (found by code or name as the clerk types), its case, its fees. */
export function ProcedureCard(props: {
  procedureCode: string | undefined;
  caseCode: string;
  version: PublishedVersion | undefined;
  onProcedure: (code: string) => void;
  onCase: (code: string) => void;
}) {
  const { procedureCode, caseCode, version } = props;
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const procedures = useQuery({
    queryKey: ['procedures', 'intake', q],
    queryFn: () => ok(api.GET('/api/v1/procedures', { params: { query: { q, limit: 20 } } })),
  });
  const fees = version?.content.fees ?? [];
  return (
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
              onChange={props.onProcedure}
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
                onChange={props.onCase}
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
  );
}
