/**
 * HubSpot's v4 association answers carry object ids as JSON numbers, while the official client types them as
 * strings and passes the numbers through; every id the product keeps or compares is a string.
 */
export function hubSpotId(id: string | number): string {
  return String(id);
}
