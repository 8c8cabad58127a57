import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TrendMonth } from '../../../src/contracts/steering.js';
import { formatMonth } from '../format';

/**
 * Received and finished dossiers per month as bars, the on-time rate as a line on its own axis:
 * whether a backlog is building up shows before anyone reads a number.
 */
export default function TrendChart({ months }: { months: TrendMonth[] }) {
  const data = months.map((m) => ({
    month: formatMonth(m.month),
    received: m.received,
    finished: m.finished,
    onTime: m.onTimeRate === null ? null : Math.round(m.onTimeRate * 1000) / 10,
  }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" tick={{ fontSize: 12 }} />
        <YAxis yAxisId="n" allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
        <YAxis
          yAxisId="pct"
          orientation="right"
          domain={[0, 100]}
          unit="%"
          tick={{ fontSize: 12 }}
          width={48}
        />
        <Tooltip />
        <Legend />
        <Bar yAxisId="n" dataKey="received" name="Tiếp nhận" fill="#1677ff" />
        <Bar yAxisId="n" dataKey="finished" name="Đã giải quyết" fill="#52c41a" />
        <Line
          yAxisId="pct"
          dataKey="onTime"
          name="Tỷ lệ đúng hạn (%)"
          stroke="#fa541c"
          strokeWidth={2}
          connectNulls
          dot
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
