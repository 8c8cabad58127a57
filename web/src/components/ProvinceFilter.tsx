import { Select } from 'antd';
import { useProvinces } from '../hooks';

/** Narrows a report to one province (cleared: every province within the viewer's reach). */
export function ProvinceFilter({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (code: string | undefined) => void;
}) {
  const provinces = useProvinces();
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder="Mọi tỉnh trong phạm vi"
      aria-label="Tỉnh, thành phố"
      style={{ width: 260 }}
      value={value}
      onChange={onChange}
      options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
    />
  );
}
