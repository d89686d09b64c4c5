import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role, Scope } from '@rca/shared';
import type { Request } from 'express';

/** Who is calling, as established by the AccessGuard. */
export interface Principal {
  userId: string;
  email: string | null;
  displayName: string;
  role: Role;
  kind: 'human' | 'service';
  teamIds: string[];
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  tokenId?: string;
  scopes?: Scope[];
}

export interface RequestWithPrincipal extends Request {
  principal?: Principal;
}

/** The caller of a route declared with @Access(...). Undefined on @Public() routes. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<RequestWithPrincipal>().principal,
);

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function clientInfo(request: Request): ClientInfo {
  return {
    // request.ip honours TRUST_PROXY; the socket address would be the proxy's behind one.
    ip: request.ip ?? null,
    userAgent: (request.headers['user-agent'] ?? '').slice(0, 500) || null,
    requestId: (request as { id?: unknown }).id ? String((request as { id?: unknown }).id) : null,
  };
}
