import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Who is making the request, for the activity log. Authentication will set `request.user`;
 * until then the `X-Actor` header names the person, else "anonymous".
 */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context
    .switchToHttp()
    .getRequest<Request & { user?: { id?: string; email?: string } }>();
  const user = request.user;
  if (user?.email || user?.id) return String(user.email ?? user.id);
  const header = request.header('x-actor');
  return header && header.length <= 200 ? header : 'anonymous';
});
