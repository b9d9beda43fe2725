-- Survey answers sent through the API live in their own id namespace (`api:<id>`), so an ingestion key can
-- never take the id of one of HubSpot's answers (`hubspot:<id>`): those it took are freed for the next sync.
UPDATE "survey_responses" SET "id" = 'api:' || "id" WHERE "source" = 'api';
