import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Access, ApiErrorBody, Environment, NotFoundError } from '@rca/shared';
import type { Request } from 'express';
import {
  CreateTeamDto,
  CreateTokenDto,
  CreateUserDto,
  InvitationCreatedDto,
  InviteDto,
  TeamDto,
  TeamPageDto,
  TeamQueryDto,
  TokenCreatedDto,
  UpdateUserDto,
  UserDto,
  UserPageDto,
  UserQueryDto,
} from './accounts.dto';
import { InvalidInputError } from '@rca/shared';
import { toTokenDto, toUserDto } from './accounts.mappers';
import { ApiTokenService } from './api-token.service';
import { clientInfo, CurrentPrincipal, Principal } from './principal';
import { UserRepository } from './user.repository';
import { UsersService } from './users.service';

export function publicBaseUrl(environment: Environment, request: Request): string {
  return environment.PUBLIC_URL ?? `${request.protocol}://${request.get('host')}`;
}

@ApiTags('users')
@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly userRepository: UserRepository,
    private readonly tokens: ApiTokenService,
    private readonly environment: Environment,
  ) {}

  @Get('users')
  @ApiOperation({
    summary: 'List users (cursor pages, with the total; filter by role, kind, team, text)',
  })
  @Access('admin', 'admin')
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: UserQueryDto): Promise<UserPageDto> {
    const { items, nextCursor, total } = await this.users.list(query);
    return { items: items.map(toUserDto), nextCursor, total };
  }

  /** Create a person with an initial password, or a service account (`kind: service`). */
  @Post('users')
  @ApiOperation({ summary: 'Create a person with an initial password, or a service account' })
  @Access('admin', 'admin')
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ type: ApiErrorBody })
  async create(
    @Body() body: CreateUserDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<UserDto> {
    const view = await this.users.create(
      { ...body, kind: body.kind ?? 'human', teamIds: body.teamIds ?? [] },
      principal,
      clientInfo(request),
    );
    return toUserDto(view);
  }

  @Get('users/:id')
  @ApiOperation({ summary: 'Get one user with their teams' })
  @Access('admin', 'admin')
  @ApiOkResponse({ type: UserDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return toUserDto(await this.users.get(id));
  }

  /** Change role, name, teams or disable; send the `version` you read (409 if stale). */
  @Patch('users/:id')
  @ApiOperation({ summary: "Change a user's role, name or teams, or deactivate them" })
  @Access('admin', 'admin')
  @ApiOkResponse({ type: UserDto })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'Stale version' })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<UserDto> {
    return toUserDto(await this.users.update(id, body, principal, clientInfo(request)));
  }

  /** A token for a service account (or any user), created by an admin. Shown once. */
  @Post('users/:id/tokens')
  @ApiOperation({ summary: 'Create an API token for a service account (or any user), as an admin' })
  @Access('admin', 'admin')
  @UseGuards(ThrottlerGuard)
  @ApiCreatedResponse({ type: TokenCreatedDto })
  async createToken(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateTokenDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<TokenCreatedDto> {
    const owner = await this.userRepository.findById(id);
    if (!owner) throw new NotFoundError('User', id);
    const { token, secret } = await this.tokens.create(
      owner,
      parseTokenInput(body),
      principal,
      clientInfo(request),
    );
    return { ...toTokenDto(token), token: secret };
  }

  /** Invite someone by email; the answer carries the one-time link. */
  @Post('invitations')
  @ApiOperation({ summary: 'Invite someone by e-mail (answers the one-time link)' })
  @Access('admin', 'admin')
  @ApiCreatedResponse({ type: InvitationCreatedDto })
  async invite(
    @Body() body: InviteDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<InvitationCreatedDto> {
    const { invitation, token } = await this.users.invite(
      { ...body, teamIds: body.teamIds ?? [] },
      principal,
      clientInfo(request),
    );
    return {
      id: invitation.id,
      email: invitation.email!,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      token,
      link: `${publicBaseUrl(this.environment, request)}/invitation#token=${token}`,
    };
  }

  @Get('teams')
  @ApiOperation({ summary: 'List teams by name (cursor pages, with the total)' })
  @Access('viewer', 'read:incidents')
  @ApiOkResponse({ type: TeamPageDto })
  async teams(@Query() query: TeamQueryDto): Promise<TeamPageDto> {
    const { items, nextCursor, total } = await this.users.listTeams(
      query.limit,
      query.cursor,
      query.q,
    );
    return {
      items: items.map((team) => ({ id: team.id, name: team.name })),
      nextCursor,
      total,
    };
  }

  @Post('teams')
  @ApiOperation({ summary: 'Create a team' })
  @Access('admin', 'admin')
  @ApiCreatedResponse({ type: TeamDto })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'A team with this name exists' })
  async createTeam(
    @Body() body: CreateTeamDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<TeamDto> {
    const team = await this.users.createTeam(body.name, principal, clientInfo(request));
    return { id: team.id, name: team.name };
  }
}

export function parseTokenInput(body: CreateTokenDto) {
  const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now())
    throw new InvalidInputError('expiresAt', 'expiresAt must be in the future');
  return { name: body.name, scopes: body.scopes, expiresAt };
}
