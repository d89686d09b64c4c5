import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsNumberString,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  ROLES,
  Role,
  Scope,
  SCOPES,
  INT4_MAX,
  PageQueryDto as CursorPageQueryDto,
} from '@rca/shared';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LoginDto {
  @ApiProperty({ example: 'ana@example.com' })
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(256)
  password!: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation or setup link' })
  @IsString()
  @MaxLength(200)
  token!: string;

  @ApiProperty({ example: 'Ana Lima' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ description: 'At least PASSWORD_MIN_LENGTH characters, not a common password' })
  @IsString()
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({ description: 'Required for the first-run setup link (it names no email)' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class TeamDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['human', 'service'] }) kind!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ type: [TeamDto] }) teams!: TeamDto[];
  @ApiProperty({ description: 'Send it back on PATCH (optimistic concurrency)' }) version!: number;
  @ApiProperty({ nullable: true, type: String }) lastLoginAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class SessionInfoDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ description: 'Echo in the X-CSRF-Token header on every POST/PUT/PATCH/DELETE' })
  csrfToken!: string;
  @ApiProperty() expiresAt!: string;
}

export class CreateUserDto {
  @ApiPropertyOptional({ description: 'Required for people, absent for service accounts' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiProperty()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ enum: ['human', 'service'], default: 'human' })
  @IsOptional()
  @IsIn(['human', 'service'])
  kind?: 'human' | 'service';

  @ApiPropertyOptional({
    description: 'Initial password of a person; omit and send an invitation instead',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  teamIds?: string[];
}

export class UpdateUserDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ description: 'true signs the user out everywhere and refuses new logins' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the user’s teams' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  teamIds?: string[];
}

export class InviteDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  teamIds?: string[];
}

export class InvitationCreatedDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({
    description: 'Shown once: give it to the person (POST /api/auth/invitations/accept)',
  })
  token!: string;
  @ApiProperty({ description: 'Link for the web UI' }) link!: string;
}

export class CreateTeamDto {
  @ApiProperty({ example: 'payments-sre' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;
}

export class CreateTokenDto {
  @ApiProperty({ example: 'wiki export bot' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: SCOPES, isArray: true })
  @IsArray()
  @ArrayMaxSize(SCOPES.length)
  @IsIn(SCOPES, { each: true })
  scopes!: Scope[];

  @ApiPropertyOptional({ description: 'ISO instant; omit for a token that does not expire' })
  @IsOptional()
  @IsDateString({ strict: true })
  expiresAt?: string;
}

export class TokenDto {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'rca_Ab3dE9' }) prefix!: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes!: Scope[];
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class TokenCreatedDto extends TokenDto {
  @ApiProperty({ description: 'The token. Shown once; only a hash is stored.' })
  token!: string;
}

/** Cursor pages (`?cursor=&limit=`, docs/api.md); these lists also say how many rows match. */
export class PageQueryDto extends CursorPageQueryDto {}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: ['human', 'service'] })
  @IsOptional()
  @IsIn(['human', 'service'])
  kind?: 'human' | 'service';

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ description: 'Part of the email or name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class TeamQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class TokenQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: usable tokens; false: revoked or expired ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsNumberString()
  @MaxLength(20)
  cursor?: string;

  @ApiPropertyOptional({
    example: 'login.failed',
    description: 'Exact action, or a prefix ending in "." (e.g. "token.")',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ enum: ['success', 'failure'] })
  @IsOptional()
  @IsIn(['success', 'failure'])
  outcome?: 'success' | 'failure';

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;

  @ApiPropertyOptional({ description: 'ISO instant, inclusive' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO instant, exclusive' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}

export class AuditEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ enum: ['success', 'failure'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorLabel!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetType!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for older events' })
  nextCursor!: string | null;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page' })
  nextCursor!: string | null;
  @ApiProperty({ description: 'Rows matching the filters across all pages' }) total!: number;
}

export class TeamPageDto {
  @ApiProperty({ type: [TeamDto] }) items!: TeamDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page' })
  nextCursor!: string | null;
  @ApiProperty({ description: 'Rows matching the filters across all pages' }) total!: number;
}

export class TokenPageDto {
  @ApiProperty({ type: [TokenDto] }) items!: TokenDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page' })
  nextCursor!: string | null;
  @ApiProperty({ description: 'Rows matching the filters across all pages' }) total!: number;
}
