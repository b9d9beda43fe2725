// Generated from app.json by `npm run hubspot:project`; edit app.json, not this file.
export const serviceBaseUrl = 'https://cs-lifecycle.example.com';

export const cardDataUrls = {
  company_health_card: 'https://cs-lifecycle.example.com/hubspot/cards/company-health',
} as const;
