import { Tag } from 'antd';

export const importanceName = { info: 'Thông tin', important: 'Quan trọng', urgent: 'Khẩn' } as const;

export function importanceTag(importance: keyof typeof importanceName) {
  const color = importance === 'urgent' ? 'red' : importance === 'important' ? 'gold' : 'blue';
  return <Tag color={color}>{importanceName[importance]}</Tag>;
}
