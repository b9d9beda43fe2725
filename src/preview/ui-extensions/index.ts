// The browser preview's stand-in for `@hubspot/ui-extensions`: esbuild aliases the package here, so the
// card's own components render as plain React DOM. Only the components the card uses are implemented;
// a card importing another one fails the preview build loudly instead of rendering a blank.
export { Alert, EmptyState, ErrorState, LoadingSpinner, ProgressBar, StatusTag, Tag } from './feedback';
export { Button, Input, Select } from './controls';
export { DescriptionList, DescriptionListItem, Flex, Heading, Text, Tile } from './layout';
export {
  Statistics,
  StatisticsItem,
  StatisticsTrend,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
} from './data-display';
export { BarChart, LineChart } from './charts';
