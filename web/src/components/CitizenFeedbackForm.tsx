import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select } from 'antd';
import { feedbackCategories } from '../../../src/domain/feedback/feedback.js';
import { api, ok, type BodyOf } from '../api';
import { formatInstant } from '../format';

/**
 * The applicant's feedback on their dossier (phản ánh, kiến nghị), sent to the agency that
 * received it, which must answer within 10 working days.
 */
export function CitizenFeedbackForm({ code, verify }: { code: string; verify: string }) {
  const [form] = Form.useForm<BodyOf<'/api/v1/public/dossiers/{code}/feedback', 'post'>>();
  const send = useMutation({
    mutationFn: (body: BodyOf<'/api/v1/public/dossiers/{code}/feedback', 'post'>) =>
      ok(
        api.POST('/api/v1/public/dossiers/{code}/feedback', {
          params: { path: { code }, query: { verify } },
          body,
        }),
      ),
    onSuccess: () => form.resetFields(),
  });
  return (
    <Card title="Gửi phản ánh, kiến nghị về hồ sơ này" style={{ marginTop: 16 }}>
      {send.data && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={`Đã nhận phản ánh số ${send.data.code}`}
          description={`Cơ quan tiếp nhận hồ sơ sẽ trả lời chậm nhất ${formatInstant(send.data.dueAt)} (10 ngày làm việc).`}
        />
      )}
      {send.error && <Alert type="error" showIcon title={send.error.message} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v)}>
        <Form.Item
          name="category"
          label="Về việc"
          rules={[{ required: true, message: 'Chọn nội dung phản ánh' }]}
        >
          <Select
            style={{ maxWidth: 420 }}
            options={Object.entries(feedbackCategories.citizen).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item
          name="content"
          label="Nội dung"
          rules={[{ required: true, whitespace: true, message: 'Nhập nội dung phản ánh' }]}
        >
          <Input.TextArea maxLength={4000} rows={3} showCount />
        </Form.Item>
        <Form.Item name="contact" label="Số điện thoại hoặc thư điện tử để nhận trả lời (không bắt buộc)">
          <Input maxLength={120} style={{ maxWidth: 320 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={send.isPending}>
          Gửi phản ánh
        </Button>
      </Form>
    </Card>
  );
}
