import { Card, Descriptions, Table } from 'antd';
import { vi } from '../../../../src/domain/i18n/vi.js';
import type { AnswerOf } from '../../api';
import { formatInstant } from '../../format';
import { DueTag } from '../WorklistPage';

export type DossierDetail = AnswerOf<'/api/v1/dossiers/{code}', 'get'>;

/** The dossier's facts (applicant, procedure, dates, step, payment, delivery, sync) and its consultations. */
export function DossierFacts(props: {
  d: DossierDetail;
  procedureName?: string | undefined;
  stepName?: string | undefined;
}) {
  const { d } = props;
  return (
    <>
      <Card size="small" title="Thông tin hồ sơ" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label="Người nộp">{String(d.applicant['name'] ?? '')}</Descriptions.Item>
          <Descriptions.Item label="Số định danh">{String(d.applicant['idNumber'] ?? '')}</Descriptions.Item>
          <Descriptions.Item label="Thủ tục" span={2}>
            {d.procedureCode} — {props.procedureName}
          </Descriptions.Item>
          <Descriptions.Item label="Tiếp nhận">
            {d.receivedAt ? formatInstant(d.receivedAt) : 'Chưa tiếp nhận'}
          </Descriptions.Item>
          <Descriptions.Item label="Hạn giải quyết">
            <DueTag due={d.dueAt} status={d.status} />
          </Descriptions.Item>
          <Descriptions.Item label="Bước hiện tại">
            {props.stepName ? `${d.stepCode} — ${props.stepName}` : d.stepCode}
          </Descriptions.Item>
          <Descriptions.Item label="Hạn của bước">
            {d.stepDueAt ? formatInstant(d.stepDueAt) : ''}
          </Descriptions.Item>
          <Descriptions.Item label="Nghĩa vụ tài chính">
            {vi.payment[d.payment] ?? d.payment}
          </Descriptions.Item>
          <Descriptions.Item label="Trả kết quả">{vi.delivery[d.delivery] ?? d.delivery}</Descriptions.Item>
          <Descriptions.Item label="Đồng bộ Cổng DVCQG">
            {d.practice ? 'Không đồng bộ (hồ sơ thử nghiệm)' : (vi.sync[d.sync] ?? d.sync)}
          </Descriptions.Item>
          <Descriptions.Item label="Trích yếu">{d.summary ?? ''}</Descriptions.Item>
          {d.crossBoundary ? (
            <>
              <Descriptions.Item label="Tiếp nhận phi địa giới tại">
                {d.crossBoundary.receivedBy.name}
              </Descriptions.Item>
              <Descriptions.Item label="Cơ quan có thẩm quyền">
                {d.crossBoundary.competent.name}
              </Descriptions.Item>
              <Descriptions.Item label="Nơi trả kết quả" span={2}>
                {d.crossBoundary.returnAt?.name ?? 'Tại nơi đang giải quyết'}
              </Descriptions.Item>
            </>
          ) : null}
        </Descriptions>
      </Card>
      {d.consultations.length > 0 ? (
        <Card size="small" title="Lấy ý kiến (liên thông)" style={{ marginBottom: 12 }}>
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={d.consultations}
            columns={[
              { title: 'Mã', dataIndex: 'id' },
              { title: 'Cơ quan', dataIndex: 'agencyCode' },
              { title: 'Trạng thái', dataIndex: 'status' },
              { title: 'Hạn trả lời', dataIndex: 'due', render: (t: string) => formatInstant(t) },
            ]}
          />
        </Card>
      ) : null}
    </>
  );
}
