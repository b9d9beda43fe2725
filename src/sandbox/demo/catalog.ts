// The demo vendor's price list and the vocabulary the generated portfolio draws from.

export const products = ['core', 'analytics', 'automation'] as const;
export type Product = (typeof products)[number];

export const tiers = ['enterprise', 'mid_market', 'smb'] as const;
export type Tier = (typeof tiers)[number];

/** List price per seat per month, in cents. */
export const listPricePerSeatCents: Record<Product, number> = {
  core: 6_000,
  analytics: 3_500,
  automation: 4_500,
};

/** Volume discount in percent; whole percents of whole-dollar prices keep every MRR at whole cents. */
export const tierDiscountPercent: Record<Tier, number> = {
  enterprise: 15,
  mid_market: 5,
  smb: 0,
};

export const seatRange: Record<Tier, readonly [number, number]> = {
  enterprise: [60, 250],
  mid_market: [15, 80],
  smb: [3, 20],
};

export const employeeRange: Record<Tier, readonly [number, number]> = {
  enterprise: [1_000, 25_000],
  mid_market: [100, 999],
  smb: [5, 99],
};

export function pricePerSeatCents(product: Product, tier: Tier): number {
  return (listPricePerSeatCents[product] * (100 - tierDiscountPercent[tier])) / 100;
}

export const productLabels: Record<Product, string> = {
  core: 'Core Platform',
  analytics: 'Analytics',
  automation: 'Automation',
};

/** Usage events by feature, keyed like the product catalog (src/domain/catalog) so breadth and plan rules read them. */
export const featureCatalog: readonly { event: string; product: Product; weight: number }[] = [
  { event: 'dashboard.view', product: 'core', weight: 30 },
  { event: 'report.create', product: 'core', weight: 18 },
  { event: 'export.csv', product: 'core', weight: 6 },
  { event: 'integration.sync', product: 'core', weight: 8 },
  { event: 'report.schedule', product: 'core', weight: 5 },
  { event: 'audit.log', product: 'core', weight: 2 },
  { event: 'analytics.query', product: 'analytics', weight: 14 },
  { event: 'analytics.forecast', product: 'analytics', weight: 3 },
  { event: 'automation.run', product: 'automation', weight: 12 },
  { event: 'automation.schedule', product: 'automation', weight: 2 },
];

// HubSpot's internal values of the company `industry` enumeration.
export const industries = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'INTERNET',
  'FINANCIAL_SERVICES',
  'BANKING',
  'INSURANCE',
  'HOSPITAL_HEALTH_CARE',
  'MEDICAL_DEVICES',
  'PHARMACEUTICALS',
  'RETAIL',
  'CONSUMER_GOODS',
  'FOOD_BEVERAGES',
  'LOGISTICS_AND_SUPPLY_CHAIN',
  'MARKETING_AND_ADVERTISING',
  'MANAGEMENT_CONSULTING',
  'HIGHER_EDUCATION',
  'E_LEARNING',
  'REAL_ESTATE',
  'CONSTRUCTION',
  'HOSPITALITY',
  'TELECOMMUNICATIONS',
  'AUTOMOTIVE',
] as const;

export const industryNameSuffixes: Record<(typeof industries)[number], readonly string[]> = {
  COMPUTER_SOFTWARE: ['Software', 'Labs', 'Systems'],
  INFORMATION_TECHNOLOGY_AND_SERVICES: ['Technologies', 'IT Solutions', 'Digital'],
  INTERNET: ['Online', 'Networks', 'Media'],
  FINANCIAL_SERVICES: ['Capital', 'Financial', 'Wealth Partners'],
  BANKING: ['Bank', 'Savings', 'Credit Union'],
  INSURANCE: ['Insurance', 'Mutual', 'Assurance'],
  HOSPITAL_HEALTH_CARE: ['Health', 'Medical Center', 'Care Network'],
  MEDICAL_DEVICES: ['Medical', 'Biomedical', 'Devices'],
  PHARMACEUTICALS: ['Pharma', 'Therapeutics', 'Life Sciences'],
  RETAIL: ['Outfitters', 'Supply Co', 'Market'],
  CONSUMER_GOODS: ['Brands', 'Goods', 'Home'],
  FOOD_BEVERAGES: ['Foods', 'Coffee Roasters', 'Brewing'],
  LOGISTICS_AND_SUPPLY_CHAIN: ['Logistics', 'Freight', 'Distribution'],
  MARKETING_AND_ADVERTISING: ['Marketing', 'Creative', 'Agency'],
  MANAGEMENT_CONSULTING: ['Consulting', 'Advisors', 'Partners'],
  HIGHER_EDUCATION: ['College', 'Institute', 'University'],
  E_LEARNING: ['Learning', 'Academy', 'Education'],
  REAL_ESTATE: ['Properties', 'Realty', 'Estates'],
  CONSTRUCTION: ['Builders', 'Construction', 'Contracting'],
  HOSPITALITY: ['Hotels', 'Hospitality', 'Resorts'],
  TELECOMMUNICATIONS: ['Telecom', 'Communications', 'Wireless'],
  AUTOMOTIVE: ['Motors', 'Automotive', 'Auto Group'],
};

export const nameFirstWords = [
  'Alder',
  'Amber',
  'Apex',
  'Arbor',
  'Atlas',
  'Aurora',
  'Bay',
  'Beacon',
  'Birch',
  'Bluebird',
  'Bright',
  'Brook',
  'Canyon',
  'Cardinal',
  'Cascade',
  'Cedar',
  'Clear',
  'Cobalt',
  'Copper',
  'Coral',
  'Crescent',
  'Crest',
  'Delta',
  'Ember',
  'Evergreen',
  'Falcon',
  'Fern',
  'Fox',
  'Garnet',
  'Golden',
  'Granite',
  'Harbor',
  'Hawthorn',
  'Heron',
  'Highland',
  'Horizon',
  'Indigo',
  'Iron',
  'Juniper',
  'Keystone',
  'Lakeside',
  'Lantern',
  'Laurel',
  'Linden',
  'Lumen',
  'Maple',
  'Meadow',
  'Meridian',
  'Mesa',
  'Midway',
  'Monarch',
  'North',
  'Northwind',
  'Oak',
  'Onyx',
  'Orchard',
  'Pacific',
  'Paragon',
  'Peak',
  'Pine',
  'Pioneer',
  'Prairie',
  'Quarry',
  'Raven',
  'Redwood',
  'Ridge',
  'River',
  'Sable',
  'Sage',
  'Silver',
  'Sparrow',
  'Spruce',
  'Stone',
  'Summit',
  'Sun',
  'Tidal',
  'Timber',
  'Trail',
  'Union',
  'Vale',
  'Vista',
  'Willow',
  'Wren',
  'Zenith',
] as const;

export const nameSecondWords = [
  '',
  '',
  '',
  'Point',
  'Bridge',
  'Field',
  'Gate',
  'Hill',
  'Creek',
  'Park',
  'Valley',
  'Works',
  'Stone',
  'Line',
] as const;

export const cities = [
  ['Boston', 'United States'],
  ['Austin', 'United States'],
  ['Denver', 'United States'],
  ['Chicago', 'United States'],
  ['Seattle', 'United States'],
  ['Atlanta', 'United States'],
  ['New York', 'United States'],
  ['San Diego', 'United States'],
  ['Toronto', 'Canada'],
  ['London', 'United Kingdom'],
  ['Dublin', 'Ireland'],
  ['Berlin', 'Germany'],
  ['Sydney', 'Australia'],
] as const;
