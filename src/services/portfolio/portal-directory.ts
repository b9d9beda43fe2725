// The portals this service syncs, as routes, middleware and the preview look them up (they never read src/db).
export { findPortal, listPortals, type Portal } from '../../db/repositories/portals-repository';
