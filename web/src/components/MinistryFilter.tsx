import { Select } from 'antd';
import { useMinistries } from '../hooks';

/**
 * Narrows a report to the procedures of one ministry, in every province the viewer may see
 * (cleared: every procedure; a ministry's monitor then sees its own ministry's).
 */
export function MinistryFilter({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (code: string | undefined) => void;
}) {
  const ministries = useMinistries();
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder="Mọi bộ, ngành"
      aria-label="Bộ, ngành quản lý thủ tục"
      style={{ width: 300 }}
      value={value}
      onChange={onChange}
      options={(ministries.data ?? []).map((m) => ({ value: m.code, label: m.name }))}
    />
  );
}
