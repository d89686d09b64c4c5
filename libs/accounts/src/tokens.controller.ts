import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Access, NotFoundError } from '@rca/shared';
import type { Request } from 'express';
import { CreateTokenDto, TokenCreatedDto, TokenPageDto, TokenQueryDto } from './accounts.dto';
import { toTokenDto } from './accounts.mappers';
import { ApiTokenService } from './api-token.service';
import { AuditService } from './audit.service';
import { CredentialRepository } from './credential.repository';
import { clientInfo, CurrentPrincipal, Principal } from './principal';
import { UserRepository } from './user.repository';
import { parseTokenInput } from './users.controller';

/** The caller's own API tokens (admins may revoke anyone's). */
@ApiTags('tokens')
@Controller('tokens')
export class TokensController {
  constructor(
    private readonly tokens: ApiTokenService,
    private readonly credentials: CredentialRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List your API tokens (cursor pages, with the total)' })
  @Access('viewer')
  @ApiOkResponse({ type: TokenPageDto })
  async list(
    @Query() query: TokenQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TokenPageDto> {
    const { items, nextCursor, total } = await this.credentials.listTokens({
      ...query,
      userId: principal.userId,
    });
    return { items: items.map(toTokenDto), nextCursor, total };
  }

  /** Creates a token for yourself; its scopes cannot exceed your role. The token is shown once. */
  @Post()
  @ApiOperation({
    summary: 'Create an API token for yourself (scopes up to your role; the secret is shown once)',
  })
  @Access('viewer')
  @UseGuards(ThrottlerGuard)
  @ApiCreatedResponse({ type: TokenCreatedDto })
  async create(
    @Body() body: CreateTokenDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<TokenCreatedDto> {
    const owner = (await this.users.findById(principal.userId))!;
    const { token, secret } = await this.tokens.create(
      owner,
      parseTokenInput(body),
      principal,
      clientInfo(request),
    );
    return { ...toTokenDto(token), token: secret };
  }

  /** Revokes a token at once. Your own, or anyone's for admins. */
  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API token at once' })
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse()
  async revoke(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<void> {
    const token = await this.credentials.findToken(id);
    // Someone else's token is "not found", so ids of other users' tokens cannot be probed.
    if (!token || (token.userId !== principal.userId && principal.role !== 'admin'))
      throw new NotFoundError('Token', id);
    const revoked = await this.credentials.revokeToken(id, new Date());
    if (revoked)
      await this.audit.record({
        action: 'token.revoked',
        actor: principal,
        target: { type: 'api_token', id },
        client: clientInfo(request),
        details: { ownerUserId: token.userId, name: token.name },
      });
  }
}
