import { useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Modal, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { agencyCodePattern } from '../../../../src/domain/agencies/agency.js';
import { ApiError, api, csrfHeader, ok } from '../../api';
import { useMe } from '../../auth';
import { paths } from '../../paths';

/**
 * Closing an agency on a day, or merging it into another. Refused while it still holds dossiers
 * in progress: those are listed, to be moved first (nobody may be left holding a dossier).
 */
export function CloseAgencyDialog(props: { open: boolean; code: string; name: string; onClose: () => void }) {
  const me = useMe().data;
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [held, setHeld] = useState<string[]>([]);
  const save = async () => {
    setError(null);
    setHeld([]);
    let v: { validTo?: Dayjs; mergeInto?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      await ok(
        api.PATCH('/api/v1/agencies/{code}', {
          params: { path: { code: props.code } },
          body: {
            ...(v.validTo ? { validTo: v.validTo.format('YYYY-MM-DD') } : {}),
            ...(v.mergeInto?.trim() ? { mergeInto: v.mergeInto.trim() } : {}),
          },
          headers: csrfHeader(me?.csrfToken),
        }),
      );
      await client.invalidateQueries({ queryKey: ['agency', props.code] });
      await client.invalidateQueries({ queryKey: ['agency-history', props.code] });
      props.onClose();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e.message);
      if (e.problem.type?.endsWith('/agency-holds-dossiers'))
        setHeld((e.problem.errors ?? []).map((x) => x.message));
    }
  };
  return (
    <Modal
      open={props.open}
      title={`Đóng hoặc sáp nhập: ${props.name}`}
      okText="Đóng cơ quan"
      okButtonProps={{ danger: true }}
      cancelText="Hủy"
      onOk={() => void save()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="Từ ngày hết hiệu lực, cơ quan không còn trong danh mục của ngày đó; lịch sử của cơ quan được giữ nguyên. Cơ quan còn giữ hồ sơ chưa xong thì phải chuyển hồ sơ trước."
      />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="validTo"
          label="Hết hiệu lực từ ngày"
          extra="Để trống khi sáp nhập: từ hôm nay"
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value || getFieldValue('mergeInto')
                  ? Promise.resolve()
                  : Promise.reject(new Error('Chọn ngày')),
            }),
          ]}
        >
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item
          name="mergeInto"
          label="Sáp nhập vào cơ quan (mã định danh), nếu có"
          rules={[{ pattern: agencyCodePattern, message: 'Mã dạng 000.00.00.H01' }]}
        >
          <Input maxLength={13} />
        </Form.Item>
      </Form>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          description={
            held.length > 0 ? (
              <Space wrap size={4}>
                <Typography.Text>Hồ sơ cần chuyển:</Typography.Text>
                {held.map((c) => (
                  <Link key={c} to={paths.dossier(c)}>
                    {c}
                  </Link>
                ))}
              </Space>
            ) : undefined
          }
        />
      ) : null}
    </Modal>
  );
}
