import { ApiTokenEntity } from './api-token.entity';
import { AuditEventEntity } from './audit-event.entity';
import type { TokenDto, UserDto } from './accounts.dto';
import type { UserView } from './users.service';

export function toUserDto({ user, teams }: UserView): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    kind: user.kind,
    role: user.role,
    disabled: !!user.disabledAt,
    teams: teams.map((team) => ({ id: team.id, name: team.name })),
    version: user.version,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

export function toTokenDto(token: ApiTokenEntity): TokenDto {
  return {
    id: token.id,
    userId: token.userId,
    name: token.name,
    prefix: token.tokenPrefix,
    scopes: token.scopes,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    createdAt: token.createdAt.toISOString(),
  };
}

export function toAuditDto(event: AuditEventEntity) {
  return {
    id: String(event.id),
    occurredAt: event.occurredAt.toISOString(),
    action: event.action,
    outcome: event.outcome,
    actorUserId: event.actorUserId,
    actorLabel: event.actorLabel,
    targetType: event.targetType,
    targetId: event.targetId,
    ip: event.ip,
    requestId: event.requestId,
    details: event.details,
  };
}
