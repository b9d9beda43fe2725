import type {
  StatisticsItemProps,
  StatisticsProps,
  StatisticsTrendProps,
  TableCellProps,
  TableElementProps,
  TableHeaderProps,
  TableProps,
} from '@hubspot/ui-extensions';
import { classNames, testIdAttribute } from './class-names';

export function Statistics({ children, testId }: StatisticsProps) {
  return (
    <div className="hs-statistics" {...testIdAttribute(testId)}>
      {children}
    </div>
  );
}

export function StatisticsItem({ label, number, children, testId }: StatisticsItemProps) {
  return (
    <div className="hs-statistics-item" {...testIdAttribute(testId)}>
      <p className="hs-statistics-label">{label}</p>
      <p className="hs-statistics-number">{number}</p>
      {children ? <div className="hs-statistics-extra">{children}</div> : null}
    </div>
  );
}

export function StatisticsTrend({ value, direction, color, testId }: StatisticsTrendProps) {
  const tone = color ?? (direction === 'increase' ? 'green' : 'red');
  return (
    <span className={`hs-trend hs-trend-${tone}`} {...testIdAttribute(testId)}>
      <span aria-label={direction}>{direction === 'increase' ? '▲' : '▼'}</span> {value}
    </span>
  );
}

export function Table({ bordered = true, flush, density = 'default', children, testId }: TableProps) {
  return (
    <div className={classNames('hs-table-wrap', flush && 'hs-table-flush')}>
      <table
        className={classNames('hs-table', bordered && 'hs-table-bordered', `hs-table-${density}`)}
        {...testIdAttribute(testId)}
      >
        {children}
      </table>
    </div>
  );
}

export function TableHead({ children, testId }: TableElementProps) {
  return <thead {...testIdAttribute(testId)}>{children}</thead>;
}

export function TableBody({ children, testId }: TableElementProps) {
  return <tbody {...testIdAttribute(testId)}>{children}</tbody>;
}

export function TableFooter({ children, testId }: TableElementProps) {
  return <tfoot {...testIdAttribute(testId)}>{children}</tfoot>;
}

export function TableRow({ children, testId }: TableElementProps) {
  return <tr {...testIdAttribute(testId)}>{children}</tr>;
}

function widthOf(width: TableCellProps['width']): string | undefined {
  if (typeof width === 'number') return `${width}px`;
  if (width === 'min') return '1%';
  return undefined;
}

export function TableHeader({ align = 'left', width, children, testId }: TableHeaderProps) {
  return (
    <th style={{ textAlign: align, width: widthOf(width) }} {...testIdAttribute(testId)}>
      {children}
    </th>
  );
}

export function TableCell({ align = 'left', width, colSpan, children, testId }: TableCellProps) {
  return (
    <td style={{ textAlign: align, width: widthOf(width) }} colSpan={colSpan} {...testIdAttribute(testId)}>
      {children}
    </td>
  );
}
