import type { BarChartProps, LineChartProps } from '@hubspot/ui-extensions';
import { testIdAttribute } from './class-names';
import { chartModel, formatTick, niceTicks, type ChartModel, type TimeTick } from './chart-data';

const width = 560;
const height = 260;
const plot = { left: 48, right: 12, top: 26, bottom: 40 };
const plotWidth = width - plot.left - plot.right;
const plotHeight = height - plot.top - plot.bottom;

type Scale = { readonly ticks: number[]; readonly y: (value: number) => number };

function scaleFor(values: number[], fromZero: boolean): Scale {
  const low = fromZero ? Math.min(0, ...values) : Math.min(...values);
  const high = Math.max(...values, fromZero ? 1 : low + 1);
  const padding = fromZero ? 0 : (high - low) * 0.1 || 1;
  const ticks = niceTicks(low - padding, high + padding);
  const bottom = ticks[0] ?? 0;
  const top = ticks.at(-1) ?? 1;
  return { ticks, y: (value) => plot.top + plotHeight - ((value - bottom) / (top - bottom || 1)) * plotHeight };
}

// On a datetime axis the first and last instants sit this far inside the plot, so their dots are not clipped.
const timeInset = 10;

function timeX(position: number): number {
  return plot.left + timeInset + position * (plotWidth - 2 * timeInset);
}

function TimeLabels({ ticks }: { readonly ticks: readonly TimeTick[] }) {
  return ticks.map((tick, index) => (
    <text
      key={tick.label}
      x={timeX(tick.position)}
      y={height - plot.bottom + 16}
      // The outer labels end at the plot's edges rather than run past them.
      textAnchor={ticks.length === 1 ? 'middle' : index === 0 ? 'start' : index === ticks.length - 1 ? 'end' : 'middle'}
      fontSize="11"
      fill="#516f90"
    >
      {tick.label}
    </text>
  ));
}

function Axes({ model, scale, slot }: { readonly model: ChartModel; readonly scale: Scale; readonly slot: number }) {
  // Thin the x labels so they never overlap (about 70 px each), counting back from the newest so it always shows.
  const every = Math.max(1, Math.ceil(model.categories.length / Math.floor(plotWidth / 70)));
  const last = model.categories.length - 1;
  // The newest label ends at its slot's right edge (or the chart's); a label that would run into it (about 6 px a
  // letter, centred in its slot) gives way.
  const letter = 6.2;
  const lastLabelEnd = Math.min(width - 2, plot.left + slot * (last + 1));
  const lastLabelStart = lastLabelEnd - (model.categories[last]?.length ?? 0) * letter;
  const clearOfLast = (index: number) =>
    plot.left + slot * (index + 0.5) + ((model.categories[index]?.length ?? 0) * letter) / 2 + 8 < lastLabelStart;
  return (
    <g className="hs-chart-axes">
      {scale.ticks.map((tick) => (
        <g key={tick}>
          <line x1={plot.left} x2={width - plot.right} y1={scale.y(tick)} y2={scale.y(tick)} stroke="#dfe3eb" />
          <text x={plot.left - 6} y={scale.y(tick) + 4} textAnchor="end" fontSize="11" fill="#516f90">
            {formatTick(tick)}
          </text>
        </g>
      ))}
      {model.time !== null ? <TimeLabels ticks={model.time.ticks} /> : null}
      {model.categories.map((category, index) =>
        model.time === null && (last - index) % every === 0 && (index === last || clearOfLast(index)) ? (
          <text
            key={category}
            x={index === last && last > 0 ? lastLabelEnd : plot.left + slot * (index + 0.5)}
            y={height - plot.bottom + 16}
            // The newest label ends at the edge, so a long one ("Dec 2026 (to date)") is not cut off.
            textAnchor={index === last && last > 0 ? 'end' : 'middle'}
            fontSize="11"
            fill="#516f90"
          >
            {category}
          </text>
        ) : null,
      )}
      <text x={plot.left + plotWidth / 2} y={height - 4} textAnchor="middle" fontSize="11" fill="#33475b">
        {model.xLabel}
      </text>
    </g>
  );
}

function ChartFrame({
  title,
  model,
  showLegend,
  testId,
  kind,
  children,
}: {
  readonly title?: string;
  readonly model: ChartModel;
  readonly showLegend?: boolean;
  readonly testId?: string;
  readonly kind: string;
  readonly children: React.ReactNode;
}) {
  const summary = `${title ?? kind}: ${model.yLabel} by ${model.xLabel}`;
  return (
    <figure className="hs-chart" {...testIdAttribute(testId)}>
      {title ? <figcaption className="hs-chart-title">{title}</figcaption> : null}
      {showLegend ? (
        <ul className="hs-chart-legend">
          {model.series.map((series) => (
            <li key={series.name}>
              <span className="hs-chart-swatch" style={{ background: series.color }} />
              {series.name}
            </li>
          ))}
        </ul>
      ) : null}
      {model.categories.length === 0 ? (
        <p className="hs-chart-empty">No data to chart.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} className="hs-chart-svg">
          <text x={4} y={12} fontSize="11" fill="#33475b">
            {model.yLabel}
          </text>
          {children}
        </svg>
      )}
    </figure>
  );
}

export function LineChart({ data, axes, options, testId }: LineChartProps) {
  const model = chartModel(data, axes, options);
  const values = model.series.flatMap((series) => series.values.filter((value) => value !== null));
  const scale = scaleFor(values.length ? values : [0], false);
  const slot = plotWidth / Math.max(1, model.categories.length);
  return (
    <ChartFrame title={options?.title} model={model} showLegend={options?.showLegend} testId={testId} kind="Line chart">
      <Axes model={model} scale={scale} slot={slot} />
      {model.series.map((series) => {
        const points = series.values.flatMap((value, index) =>
          value === null
            ? []
            : [
                {
                  x: model.time === null ? plot.left + slot * (index + 0.5) : timeX(model.time.positions[index] ?? 0),
                  y: scale.y(value),
                  value,
                  category: model.categories[index] ?? '',
                },
              ],
        );
        return (
          <g key={series.name}>
            <polyline
              points={points.map((point) => `${point.x},${point.y}`).join(' ')}
              fill="none"
              stroke={series.color}
              strokeWidth="2.5"
            />
            {points.map((point) => (
              <circle key={point.category} cx={point.x} cy={point.y} r="3.5" fill={series.color}>
                <title>{`${series.name}, ${point.category}: ${formatTick(point.value)}`}</title>
              </circle>
            ))}
          </g>
        );
      })}
    </ChartFrame>
  );
}

export function BarChart({ data, axes, options, testId }: BarChartProps) {
  // Bars stand side by side in time order; only a line is drawn to time's scale.
  const model = { ...chartModel(data, axes, options), time: null };
  const stacked = axes.options?.stacking === true;
  const totals = model.categories.map((_, index) =>
    stacked
      ? model.series.reduce((sum, series) => sum + Math.max(0, series.values[index] ?? 0), 0)
      : Math.max(0, ...model.series.map((series) => series.values[index] ?? 0)),
  );
  const scale = scaleFor(totals.length ? totals : [0], true);
  const slot = plotWidth / Math.max(1, model.categories.length);
  const groupWidth = slot * 0.7;
  const barWidth = stacked ? groupWidth : groupWidth / Math.max(1, model.series.length);
  return (
    <ChartFrame title={options?.title} model={model} showLegend={options?.showLegend} testId={testId} kind="Bar chart">
      <Axes model={model} scale={scale} slot={slot} />
      {model.categories.map((category, index) => {
        let base = 0;
        return (
          <g key={category}>
            {model.series.map((series, seriesIndex) => {
              const value = series.values[index] ?? 0;
              const x = plot.left + slot * index + (slot - groupWidth) / 2 + (stacked ? 0 : seriesIndex * barWidth);
              const top = scale.y((stacked ? base : 0) + value);
              const bottom = scale.y(stacked ? base : 0);
              if (stacked) base += value;
              return (
                <g key={series.name}>
                  <rect
                    x={x}
                    y={top}
                    width={Math.max(1, barWidth - 2)}
                    height={Math.max(0, bottom - top)}
                    fill={series.color}
                  >
                    <title>{`${series.name}, ${category}: ${formatTick(value)}`}</title>
                  </rect>
                  {options?.showDataLabels && !stacked ? (
                    <text x={x + barWidth / 2 - 1} y={top - 4} textAnchor="middle" fontSize="11" fill="#33475b">
                      {formatTick(value)}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </g>
        );
      })}
    </ChartFrame>
  );
}
