import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

const STRICT_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  upgradeInsecureRequests: null,
};

/** Path of the Swagger UI page; its HTML carries inline <style> blocks, nothing else is relaxed. */
export const API_DOCS_PATH = '/api/docs';

/**
 * helmet everywhere with a strict CSP: the SPA is built by Vite with no inline script or style.
 * Only the Swagger UI page gets `style-src 'unsafe-inline'` (still no inline scripts).
 */
export function securityHeaders() {
  const strict = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: STRICT_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
  });
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...STRICT_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] },
    },
    crossOriginEmbedderPolicy: false,
  });
  return (request: Request, response: Response, next: NextFunction) => {
    const path = request.path;
    if (path === API_DOCS_PATH || path.startsWith(`${API_DOCS_PATH}/`))
      return docs(request, response, next);
    return strict(request, response, next);
  };
}
