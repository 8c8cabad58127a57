import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Typography,
  type FormInstance,
} from 'antd';
import type { z } from 'zod';
import type { VersionContent } from '../../../src/contracts/catalog.js';
import {
  implementingLevels,
  onlineLevels,
  receiptReaches,
  timeUnits,
} from '../../../src/domain/catalog/procedureVersion.js';
import { vi } from '../../../src/domain/i18n/vi.js';

export type Content = z.infer<typeof VersionContent>;
type ComponentRow = Omit<Content['components'][number], 'eformSchema'> & { eformSchema?: string };
/** The form's values: the content, with each e-form JSON Schema as editable text. */
export type ContentForm = Omit<Content, 'components'> & { components: ComponentRow[] };

export function toForm(c: Content): ContentForm {
  return {
    ...c,
    components: c.components.map((k) => ({
      ...k,
      eformSchema: k.eformSchema ? JSON.stringify(k.eformSchema, null, 2) : '',
    })),
  };
}

/** Back to content; a schema that is not JSON is reported on its field. */
export function fromForm(
  f: ContentForm,
): { content: Content } | { field: (string | number)[]; message: string } {
  const components: Content['components'] = [];
  for (const [i, k] of f.components.entries()) {
    let schema: Record<string, unknown> | null = null;
    if (k.eformSchema && k.eformSchema.trim() !== '') {
      try {
        schema = JSON.parse(k.eformSchema) as Record<string, unknown>;
      } catch {
        return {
          field: ['components', i, 'eformSchema'],
          message: 'Biểu mẫu điện tử phải là JSON Schema hợp lệ',
        };
      }
    }
    components.push({ ...k, eformSchema: schema, suppliedByNationalDb: k.suppliedByNationalDb || null });
  }
  return {
    content: {
      ...f,
      components,
      legalBasis: f.legalBasis.filter((l) => l.trim() !== ''),
      conditions: f.conditions?.trim() ? f.conditions : null,
    },
  };
}

/** A server field such as `body.components[0].name` as the form's name path. */
export function formPath(field: string): (string | number)[] {
  return field
    .replace(/^body\./, '')
    .split(/[.[\]]+/)
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const timeField = (channel: 'direct' | 'online', label: string) => (
  <Form.Item label={label} required>
    <Space.Compact>
      <Form.Item name={['time', channel, 'amount']} noStyle rules={[{ required: true, message: 'Bắt buộc' }]}>
        <InputNumber min={0.5} step={1} style={{ width: 100 }} aria-label={`${label}: số lượng`} />
      </Form.Item>
      <Form.Item name={['time', channel, 'unit']} noStyle>
        <Select
          style={{ width: 170 }}
          aria-label={`${label}: đơn vị`}
          options={timeUnits.map((u) => ({ value: u, label: vi.timeUnit[u] }))}
        />
      </Form.Item>
    </Space.Compact>
  </Form.Item>
);

/** Every field of a version, in the words of the procedure's publication decision. */
export function VersionContentForm({
  form,
  disabled,
  onFinish,
}: {
  form: FormInstance<ContentForm>;
  disabled: boolean;
  onFinish: (v: ContentForm) => void;
}) {
  return (
    <Form form={form} layout="vertical" disabled={disabled} onFinish={onFinish} size="small">
      <Card size="small" title="Thông tin chung">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="levels"
              label="Cấp thực hiện"
              rules={[{ required: true, message: 'Chọn ít nhất một cấp' }]}
            >
              <Checkbox.Group
                options={implementingLevels.map((l) => ({ value: l, label: vi.implementingLevel[l] }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="onlineLevel" label="Mức độ trực tuyến">
              <Select options={onlineLevels.map((l) => ({ value: l, label: vi.onlineLevel[l] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="crossBoundary"
              label="Nơi tiếp nhận"
              tooltip="Phi địa giới: trung tâm khác tiếp nhận rồi chuyển hồ sơ đến cơ quan có thẩm quyền"
            >
              <Select options={receiptReaches.map((r) => ({ value: r, label: vi.receiptReach[r] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Space size="large">
              <Form.Item name="sameDayCutoff" label="Nhận sau 15 giờ tính ngày sau" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Space>
          </Col>
          <Col span={8}>{timeField('direct', 'Thời hạn giải quyết (trực tiếp)')}</Col>
          <Col span={8}>{timeField('online', 'Thời hạn giải quyết (trực tuyến)')}</Col>
          <Col span={8}>
            <Form.Item name="interAgencyPartners" label="Cơ quan phối hợp (liên thông)">
              <Select mode="tags" open={false} placeholder="Gõ tên rồi Enter" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title="Thành phần hồ sơ" style={{ marginTop: 12 }}>
        <Form.List name="components">
          {(fields, { add, remove }) => (
            <>
              {fields.map(({ key, name }) => (
                <Row
                  gutter={8}
                  key={key}
                  align="top"
                  style={{ borderBottom: '1px dashed #eee', paddingTop: 6 }}
                >
                  <Col span={3}>
                    <Form.Item
                      name={[name, 'code']}
                      label="Mã"
                      rules={[{ required: true, message: 'Bắt buộc' }]}
                    >
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={9}>
                    <Form.Item name={[name, 'name']} label="Tên giấy tờ">
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[name, 'form']} label="Loại bản">
                      <Select
                        options={(['ban_chinh', 'ban_sao', 'ban_sao_chung_thuc', 'any'] as const).map(
                          (f) => ({
                            value: f,
                            label: vi.componentForm[f],
                          }),
                        )}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Form.Item name={[name, 'copies']} label="Số bản">
                      <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Form.Item name={[name, 'required']} label="Bắt buộc" valuePropName="checked">
                      <Switch />
                    </Form.Item>
                  </Col>
                  <Col span={3}>
                    <Form.Item name={[name, 'suppliedByNationalDb']} label="CSDL cung cấp">
                      <Input placeholder="(không)" />
                    </Form.Item>
                  </Col>
                  <Col span={1} style={{ paddingTop: 26 }}>
                    <MinusCircleOutlined aria-label="Xóa thành phần" onClick={() => remove(name)} />
                  </Col>
                  <Col span={24}>
                    <Form.Item
                      name={[name, 'eformSchema']}
                      label="Biểu mẫu điện tử (JSON Schema, để trống nếu không có)"
                    >
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 6 }}
                        style={{ fontFamily: 'monospace' }}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() =>
                  add({ code: '', name: '', required: true, copies: 1, form: 'any', eformSchema: '' })
                }
              >
                Thêm thành phần
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col span={12}>
          <Card size="small" title="Phí, lệ phí (đồng)">
            <Form.List name="fees">
              {(fields, { add, remove }) => (
                <>
                  {fields.map(({ key, name }) => (
                    <Space key={key} align="start" wrap>
                      <Form.Item name={[name, 'code']} rules={[{ required: true, message: 'Mã' }]}>
                        <Input placeholder="Mã" style={{ width: 70 }} />
                      </Form.Item>
                      <Form.Item name={[name, 'name']}>
                        <Input placeholder="Khoản thu" style={{ width: 200 }} />
                      </Form.Item>
                      <Form.Item name={[name, 'amount']}>
                        <InputNumber min={0} precision={0} placeholder="Số tiền" style={{ width: 110 }} />
                      </Form.Item>
                      <Form.Item name={[name, 'collected']}>
                        <Select
                          style={{ width: 120 }}
                          options={[
                            { value: 'before', label: 'Khi nộp' },
                            { value: 'after', label: 'Khi nhận KQ' },
                          ]}
                        />
                      </Form.Item>
                      <MinusCircleOutlined aria-label="Xóa khoản thu" onClick={() => remove(name)} />
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ code: '', name: '', amount: 0, collected: 'before' })}
                  >
                    Thêm khoản thu
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title="Kết quả giải quyết">
            <Form.List name="results">
              {(fields, { add, remove }) => (
                <>
                  {fields.map(({ key, name }) => (
                    <Space key={key} align="start" wrap>
                      <Form.Item name={[name, 'code']} rules={[{ required: true, message: 'Mã' }]}>
                        <Input placeholder="Mã" style={{ width: 80 }} />
                      </Form.Item>
                      <Form.Item name={[name, 'name']}>
                        <Input placeholder="Tên kết quả" style={{ width: 260 }} />
                      </Form.Item>
                      <Form.Item name={[name, 'mustBeSigned']} valuePropName="checked">
                        <Checkbox>Ký số</Checkbox>
                      </Form.Item>
                      <MinusCircleOutlined aria-label="Xóa kết quả" onClick={() => remove(name)} />
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ code: '', name: '', mustBeSigned: true })}
                  >
                    Thêm kết quả
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
        </Col>
      </Row>

      <Card size="small" title="Căn cứ pháp lý và điều kiện" style={{ marginTop: 12 }}>
        <Form.Item name="legalBasis" label="Căn cứ pháp lý (mỗi văn bản một mục)">
          <Select mode="tags" open={false} placeholder="Gõ tên văn bản rồi Enter" />
        </Form.Item>
        <Form.Item name="conditions" label="Yêu cầu, điều kiện thực hiện">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Typography.Text type="secondary">
          Các trường hợp riêng (nếu có) được giữ nguyên từ phiên bản gốc; sửa trường hợp qua tệp nhập danh
          mục.
        </Typography.Text>
      </Card>
    </Form>
  );
}
