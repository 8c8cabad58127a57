import { Alert } from 'antd';

/** What stops an action, one line each, under a title that says what did not happen. */
export function ProblemList({
  title,
  items,
  type = 'error',
}: {
  title: string;
  items: string[];
  type?: 'error' | 'warning';
}) {
  if (items.length === 0) return null;
  return (
    <Alert
      type={type}
      showIcon
      title={title}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {items.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      }
    />
  );
}
