import { Card, Form, Input } from 'antd';
import { eformField, eformFields, type IntakeRow } from './intakeRows';

/** Step 4 of intake: the e-forms of the received components, one box per field (none: no card). */
export function EformCard({ rows }: { rows: IntakeRow[] }) {
  const received = rows.filter((r) => r.received && eformFields(r.component).length > 0);
  if (received.length === 0) return null;
  return (
    <Card size="small" title="4. Tờ khai điện tử" style={{ marginBottom: 12 }}>
      {received.flatMap((r) =>
        eformFields(r.component).map((f) => (
          <Form.Item
            key={`${r.component.code}.${f.key}`}
            name={eformField(r.component.code, f.key)}
            label={`${f.title} (${r.component.name})`}
            rules={f.required ? [{ required: true, message: `Nhập ${f.title.toLowerCase()}` }] : []}
          >
            <Input />
          </Form.Item>
        )),
      )}
    </Card>
  );
}
