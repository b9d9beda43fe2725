// Generated from app.json by `npm run hubspot:project`; edit app.json, not this file.
export const portfolioDataUrl = 'https://cs-lifecycle.example.com/hubspot/home/manager-portfolio';
