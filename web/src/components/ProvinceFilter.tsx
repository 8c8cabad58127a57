import { Select } from 'antd';
import { useProvinces } from '../hooks';

/** Narrows a report to one province (cleared: every province within the viewer's reach). */
export function ProvinceFilter({
  value,
  onChange,
  placeholder = 'Mọi tỉnh trong phạm vi',
  label = 'Tỉnh, thành phố',
  width = 260,
}: {
  value?: string | undefined;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  label?: string;
  width?: number;
}) {
  const provinces = useProvinces();
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      aria-label={label}
      style={{ width }}
      value={value}
      onChange={onChange}
      options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
    />
  );
}
