import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Who is making the request, for the activity log: the signed-in user or token owner that the
 * AccessGuard established (its e-mail, else its display name). Never taken from a header.
 */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context
    .switchToHttp()
    .getRequest<Request & { principal?: { email?: string | null; displayName?: string } }>();
  const principal = request.principal;
  return principal?.email ?? principal?.displayName ?? 'anonymous';
});
