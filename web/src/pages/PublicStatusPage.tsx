import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Radio,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { RatingBody } from '../../../src/contracts/public.js';
import { ratingLevels, ratingReasons } from '../../../src/domain/reports/ratings.js';
import { api, ok } from '../api';
import { CitizenFeedbackForm } from '../components/CitizenFeedbackForm';
import { Guide } from '../components/Guide';
import { formatInstant } from '../format';
import { paths } from '../paths';
import { PublicNotices } from '../components/PublicNotices';

/** The citizen's page (opened from the QR code of a printed form): status by code and 4 ID digits. */
export function PublicStatusPage() {
  const { code: fromUrl = '' } = useParams();
  const navigate = useNavigate();
  const [code, setCode] = useState(fromUrl);
  const [verify, setVerify] = useState('');
  const [asked, setAsked] = useState<{ code: string; verify: string } | null>(null);
  const status = useQuery({
    queryKey: ['public-status', asked],
    queryFn: () =>
      ok(
        api.GET('/api/v1/public/dossiers/{code}', {
          params: {
            path: { code: asked?.code ?? '' },
            query: {
              verify: asked?.verify ?? '',
            },
          },
        }),
      ),
    enabled: asked !== null,
    retry: false,
  });
  const s = status.data;
  return (
    <>
      <Typography.Title level={2}>Tra cứu hồ sơ</Typography.Title>
      <PublicNotices province={s?.province ?? undefined} />
      <Guide title="Dành cho người nộp hồ sơ">
        Nhập mã hồ sơ (in trên Giấy tiếp nhận và hẹn trả kết quả, hoặc quét mã QR trên phiếu) và 4 chữ số cuối
        của số định danh cá nhân hoặc mã số thuế đã khai khi nộp. Trang cho biết hồ sơ đang ở đâu, hạn trả kết
        quả và việc ông/bà cần làm (nếu có).
      </Guide>
      <Form
        layout="inline"
        onFinish={() => {
          setAsked({ code: code.trim(), verify });
          if (code.trim() !== fromUrl)
            navigate(`${paths.publicStatus}/${encodeURIComponent(code.trim())}`, { replace: true });
        }}
        style={{ marginBottom: 16 }}
      >
        <Form.Item label="Mã hồ sơ" required>
          <Input
            aria-label="Mã hồ sơ"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            style={{ width: 300 }}
            autoFocus={!fromUrl}
          />
        </Form.Item>
        <Form.Item label="4 số cuối giấy tờ" required>
          <Input
            aria-label="4 số cuối giấy tờ"
            value={verify}
            onChange={(e) => setVerify(e.target.value.replace(/\D/g, '').slice(0, 4))}
            inputMode="numeric"
            style={{ width: 90 }}
            autoFocus={Boolean(fromUrl)}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={code.trim().length < 8 || verify.length !== 4}>
          Tra cứu
        </Button>
      </Form>
      {status.isError ? <Alert type="warning" showIcon title={(status.error as Error).message} /> : null}
      {s ? (
        <Card title={`Hồ sơ ${s.code}`}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              type={s.asked ? 'warning' : 'info'}
              showIcon
              title={s.statusName}
              description={s.explanation}
            />
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="Thủ tục">{s.procedureName}</Descriptions.Item>
              <Descriptions.Item label="Cơ quan đang giải quyết">{s.agencyName}</Descriptions.Item>
              <Descriptions.Item label="Ngày nộp">{formatInstant(s.submittedAt)}</Descriptions.Item>
              <Descriptions.Item label="Hẹn trả kết quả">
                {s.dueAt ? formatInstant(s.dueAt) : 'Chưa có'}
              </Descriptions.Item>
            </Descriptions>
            {s.asked?.kind === 'supplement' ? (
              <Alert
                type="warning"
                title="Giấy tờ cần bổ sung"
                description={
                  <>
                    <div>Lý do: {s.asked.reason}</div>
                    <ul>
                      {s.asked.components.map((c) => (
                        <li key={c}>{c}</li>
                      ))}
                    </ul>
                  </>
                }
              />
            ) : null}
            {s.asked?.kind === 'payment' ? (
              <Alert
                type="warning"
                title={`Số tiền cần nộp: ${(s.asked.amount ?? 0).toLocaleString('vi-VN')} đồng`}
                description={
                  s.asked.payUrl ? (
                    <a href={s.asked.payUrl} rel="noreferrer">
                      Thanh toán trực tuyến
                    </a>
                  ) : (
                    'Ông/bà nộp tại bộ phận một cửa, hoặc trực tuyến khi đường dẫn thanh toán được gửi tới.'
                  )
                }
              />
            ) : null}
            {s.group ? (
              <Card
                size="small"
                title={`Nhóm thủ tục liên thông: ${s.group.statusName}`}
                style={{ borderColor: s.group.status === 'done' ? '#52c41a' : undefined }}
              >
                <Typography.Paragraph type="secondary">
                  Hồ sơ này khởi tạo các thủ tục dưới đây ở cơ quan khác; mỗi thủ tục có mã và trạng thái
                  riêng. Cả nhóm hoàn thành khi tất cả đã xong.
                </Typography.Paragraph>
                <Table
                  size="small"
                  pagination={false}
                  rowKey={(_, i) => String(i)}
                  dataSource={s.group.linked}
                  columns={[
                    { title: 'Thủ tục', dataIndex: 'procedureName' },
                    {
                      title: 'Mã hồ sơ',
                      dataIndex: 'code',
                      width: 150,
                      render: (c: string | null) => c ?? '—',
                    },
                    { title: 'Trạng thái', dataIndex: 'statusName', width: 130 },
                    { title: 'Kết quả', dataIndex: 'result', render: (r: string | null) => r ?? '' },
                  ]}
                />
              </Card>
            ) : null}
            {s.receipts.map((r) => (
              <Alert
                key={r.number}
                type={r.status === 'issued' ? 'success' : 'info'}
                title={`Biên lai điện tử ${r.number}: ${r.amount.toLocaleString('vi-VN')} đồng${
                  r.status === 'cancelled' ? ' (đã hủy do hoàn tiền)' : ''
                }`}
                description={
                  <a href={r.url} target="_blank" rel="noreferrer">
                    Xem biên lai tại nhà cung cấp (mã tra cứu {r.lookupCode})
                  </a>
                }
              />
            ))}
            <Table
              size="small"
              pagination={false}
              rowKey={(_, i) => String(i)}
              title={() => <Typography.Text strong>Quá trình xử lý</Typography.Text>}
              dataSource={s.history}
              columns={[
                { title: 'Lúc', dataIndex: 'at', width: 150, render: (t: string) => formatInstant(t) },
                { title: 'Việc', dataIndex: 'action' },
                { title: 'Trạng thái', dataIndex: 'statusName', width: 170 },
                { title: 'Cơ quan', dataIndex: 'agencyName' },
              ]}
            />
          </Space>
        </Card>
      ) : null}
      {s?.canRate && asked ? <RatingForm code={s.code} verify={asked.verify} current={s.rating} /> : null}
      {s && asked ? <CitizenFeedbackForm code={s.code} verify={asked.verify} /> : null}
    </>
  );
}

const levelNames: Record<(typeof ratingLevels)[number], string> = {
  very_satisfied: 'Rất hài lòng',
  satisfied: 'Hài lòng',
  neutral: 'Bình thường',
  unsatisfied: 'Không hài lòng',
};
const reasonNames: Record<(typeof ratingReasons)[number], string> = {
  slow: 'Giải quyết chậm, trễ hẹn',
  asked_again: 'Phải nộp lại giấy tờ đã có',
  unclear_guidance: 'Hướng dẫn không rõ ràng',
  attitude: 'Thái độ phục vụ chưa tốt',
  fees: 'Phí, lệ phí chưa rõ ràng',
  other: 'Lý do khác',
};

/** The applicant rates the finished dossier (and may change the rating). */
function RatingForm({ code, verify, current }: { code: string; verify: string; current: string | null }) {
  const client = useQueryClient();
  const [form] = Form.useForm<RatingBody>();
  const level = Form.useWatch('level', form);
  const rate = useMutation({
    mutationFn: (body: RatingBody) =>
      ok(
        api.PUT('/api/v1/public/dossiers/{code}/rating', {
          params: { path: { code }, query: { verify } },
          body,
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['public-status'] }),
  });
  const unhappy = level === 'neutral' || level === 'unsatisfied';
  return (
    <Card title="Đánh giá mức độ hài lòng" style={{ marginTop: 16 }}>
      {rate.isSuccess && (
        <Alert type="success" showIcon title="Cảm ơn ông/bà đã đánh giá." style={{ marginBottom: 12 }} />
      )}
      {current && (
        <Typography.Paragraph>
          Ông/bà đã đánh giá: <b>{levelNames[current as keyof typeof levelNames]}</b>. Có thể đánh giá lại.
        </Typography.Paragraph>
      )}
      {rate.error && <Alert type="error" showIcon title={rate.error.message} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => rate.mutate(v)}>
        <Form.Item
          name="level"
          label="Ông/bà đánh giá việc giải quyết hồ sơ này"
          rules={[{ required: true, message: 'Chọn một mức' }]}
        >
          <Radio.Group options={ratingLevels.map((l) => ({ value: l, label: levelNames[l] }))} />
        </Form.Item>
        {unhappy && (
          <Form.Item name="reasons" label="Vì sao (chọn các ý phù hợp)">
            <Checkbox.Group options={ratingReasons.map((r) => ({ value: r, label: reasonNames[r] }))} />
          </Form.Item>
        )}
        <Form.Item name="comment" label="Góp ý thêm (không bắt buộc)">
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={rate.isPending}>
          Gửi đánh giá
        </Button>
      </Form>
    </Card>
  );
}
