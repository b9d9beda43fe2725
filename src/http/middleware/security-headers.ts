import type { RequestHandler } from 'express';
import helmet from 'helmet';

const directives = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Helmet's headers with a CSP for what the service serves: JSON, and the local preview's pages, which
 * load one script and one stylesheet from the service itself and fetch the card API from it. No inline
 * script; React sets styles through the DOM, which `style-src 'self'` allows.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // Only a browser that reached the service over HTTPS keeps this; the local preview runs on plain HTTP.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * The same policy for a page that shows e-mails as they are sent: a mail styles itself with `style` attributes,
 * which a sandboxed `srcdoc` frame can only apply when its page allows inline styles. Scripts stay refused.
 */
export function mailPreviewSecurityPolicy(): RequestHandler {
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] },
  });
}
