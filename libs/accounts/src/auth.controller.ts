import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Access, ApiErrorBody, Public } from '@rca/shared';
import type { Request, Response } from 'express';
import { AcceptInvitationDto, LoginDto, SessionInfoDto } from './accounts.dto';
import { toUserDto } from './accounts.mappers';
import { AuditService } from './audit.service';
import { AuthService } from './auth.service';
import { OIDC_COOKIE, OIDC_COOKIE_PATH, OidcService } from './oidc.service';
import { clientInfo, CurrentPrincipal, Principal } from './principal';
import { SessionService } from './session.service';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
    private readonly oidc: OidcService,
    private readonly audit: AuditService,
  ) {}

  private async signIn(
    request: Request,
    response: Response,
    userId: string,
    method: 'password' | 'oidc' | 'invitation',
  ): Promise<SessionInfoDto> {
    const client = clientInfo(request);
    const { cookie, session } = await this.sessions.create(userId, method, client);
    this.sessions.setCookies(request, response, cookie, session.csrfToken);
    const view = await this.users.get(userId);
    await this.audit.record({
      action: 'login.succeeded',
      actor: { userId, email: view.user.email, displayName: view.user.displayName },
      target: { type: 'session', id: session.id },
      client,
      details: { method },
    });
    return {
      user: toUserDto(view),
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  /** Password login. Sets the session cookie; answer the same 401 for every kind of failure. */
  @Post('login')
  @ApiOperation({ summary: 'Sign in with e-mail and password (sets the session and CSRF cookies)' })
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ type: SessionInfoDto })
  @ApiUnauthorizedResponse({
    type: ApiErrorBody,
    description: 'Invalid email or password (also: locked, disabled)',
  })
  @ApiTooManyRequestsResponse({ type: ApiErrorBody })
  async login(
    @Body() body: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionInfoDto> {
    const user = await this.auth.verifyPassword(body.email, body.password, clientInfo(request));
    return this.signIn(request, response, user.id, 'password');
  }

  /** Accept an invitation (or the first-run setup link): sets the password and signs in. */
  @Post('invitations/accept')
  @ApiOperation({
    summary: 'Accept an invitation or the first-run setup link: set a password and sign in',
  })
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ type: SessionInfoDto })
  @ApiUnauthorizedResponse({
    type: ApiErrorBody,
    description: 'The link is invalid, used or expired',
  })
  async accept(
    @Body() body: AcceptInvitationDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionInfoDto> {
    const user = await this.users.acceptInvitation(body, clientInfo(request));
    return this.signIn(request, response, user.id, 'invitation');
  }

  @Get('session')
  @ApiOperation({ summary: "The signed-in user and the session's CSRF token" })
  @Access('viewer')
  @ApiOkResponse({ type: SessionInfoDto })
  async session(
    @CurrentPrincipal() principal: Principal,
  ): Promise<Omit<SessionInfoDto, 'expiresAt'>> {
    return {
      user: toUserDto(await this.users.get(principal.userId)),
      csrfToken: principal.csrfToken!,
    };
  }

  @Post('logout')
  @ApiOperation({ summary: 'Sign out of this session' })
  @HttpCode(204)
  @Access('viewer')
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.sessions.destroy(principal.sessionId!);
    this.sessions.clearCookies(request, response);
    await this.audit.record({
      action: 'logout',
      actor: principal,
      target: { type: 'session', id: principal.sessionId! },
      client: clientInfo(request),
    });
  }

  /** Ends every session of the caller, on every device. */
  @Post('logout-everywhere')
  @ApiOperation({ summary: 'Sign out of every session of the caller, on every device' })
  @HttpCode(204)
  @Access('viewer')
  async logoutEverywhere(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const count = await this.sessions.destroyAllOf(principal.userId);
    this.sessions.clearCookies(request, response);
    await this.audit.record({
      action: 'logout.everywhere',
      actor: principal,
      target: { type: 'user', id: principal.userId },
      client: clientInfo(request),
      details: { sessions: count },
    });
  }

  /** What the sign-in page offers: password always, single sign-on when OIDC_ISSUER is set. */
  @Get('options')
  @ApiOperation({ summary: 'What the sign-in page offers (password, single sign-on)' })
  @Public()
  @ApiOkResponse({ description: '`{ "password": true, "sso": boolean }`' })
  options(): { password: true; sso: boolean } {
    return { password: true, sso: this.oidc.enabled };
  }

  /** Starts single sign-on: redirects to the OpenID provider (404 when OIDC_ISSUER is unset). */
  @Get('oidc/login')
  @ApiOperation({ summary: 'Start single sign-on (redirects to the OIDC provider)' })
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiFoundResponse({ description: 'Redirect to the provider' })
  async oidcLogin(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { url, cookie } = await this.oidc.start(this.sessions.signingSecret);
    response.cookie(OIDC_COOKIE, cookie, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.isSecure(request),
      path: OIDC_COOKIE_PATH,
      maxAge: 10 * 60 * 1000,
    });
    response.redirect(302, url);
  }

  /** The provider sends the browser back here; on success the session cookie is set and the browser goes to `/`. */
  @Get('oidc/callback')
  @ApiOperation({ summary: 'Single sign-on callback: the provider sends the browser back here' })
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiFoundResponse({ description: 'Signed in; redirect to the web app' })
  @ApiUnauthorizedResponse({ type: ApiErrorBody })
  async oidcCallback(@Req() request: Request, @Res() response: Response): Promise<void> {
    response.clearCookie(OIDC_COOKIE, {
      path: OIDC_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.isSecure(request),
    });
    const user = await this.oidc.finish(request, this.sessions.signingSecret, clientInfo(request));
    await this.signIn(request, response, user.id, 'oidc');
    response.redirect(302, '/');
  }

  private isSecure(request: Request): boolean {
    return this.sessions.secure(request);
  }
}
