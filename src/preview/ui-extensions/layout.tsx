import type {
  DescriptionListItemProps,
  DescriptionListProps,
  FlexProps,
  HeadingProps,
  TextProps,
  TileProps,
} from '@hubspot/ui-extensions';
import { classNames, testIdAttribute } from './class-names';

const justifyValues = {
  start: 'flex-start',
  end: 'flex-end',
  center: 'center',
  between: 'space-between',
  around: 'space-around',
} as const;
const alignValues = {
  start: 'flex-start',
  end: 'flex-end',
  center: 'center',
  baseline: 'baseline',
  stretch: 'stretch',
} as const;

export function Flex({
  direction = 'row',
  gap = 'flush',
  justify = 'start',
  align = 'stretch',
  alignSelf,
  wrap,
  children,
  testId,
}: FlexProps) {
  return (
    <div
      className={classNames('hs-flex', `hs-gap-${gap}`)}
      style={{
        flexDirection: direction,
        justifyContent: justifyValues[justify],
        alignItems: alignValues[align],
        alignSelf: alignSelf === undefined ? undefined : alignValues[alignSelf],
        flexWrap: wrap === true || wrap === 'wrap' ? 'wrap' : 'nowrap',
      }}
      {...testIdAttribute(testId)}
    >
      {children}
    </div>
  );
}

export function Tile({ compact, flush, children, testId }: TileProps) {
  return (
    <section
      className={classNames('hs-tile', compact && 'hs-tile-compact', flush && 'hs-tile-flush')}
      {...testIdAttribute(testId)}
    >
      {children}
    </section>
  );
}

export function Heading({ children, testId }: HeadingProps) {
  return (
    <h3 className="hs-heading" {...testIdAttribute(testId)}>
      {children}
    </h3>
  );
}

export function Text({ variant = 'bodytext', format, inline, children, testId }: TextProps) {
  const className = classNames(
    'hs-text',
    variant === 'microcopy' && 'hs-microcopy',
    format?.fontWeight === 'bold' && 'hs-bold',
    format?.fontWeight === 'demibold' && 'hs-demibold',
    format?.italic && 'hs-italic',
  );
  const decoration =
    format?.lineDecoration === 'underline'
      ? 'underline'
      : format?.lineDecoration === 'strikethrough'
        ? 'line-through'
        : undefined;
  const Element = inline ? 'span' : 'p';
  return (
    <Element className={className} style={{ textDecoration: decoration }} {...testIdAttribute(testId)}>
      {children}
    </Element>
  );
}

export function DescriptionList({ direction = 'column', children, testId }: DescriptionListProps) {
  return (
    <dl
      className={classNames('hs-description-list', direction === 'row' && 'hs-description-list-row')}
      {...testIdAttribute(testId)}
    >
      {children}
    </dl>
  );
}

export function DescriptionListItem({ label, children, testId }: DescriptionListItemProps) {
  return (
    <div className="hs-description-item" {...testIdAttribute(testId)}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
