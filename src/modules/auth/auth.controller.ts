import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { AppException } from 'src/platform/errors/app.exception';
import { Client, ClientInfo } from 'src/platform/http/client-info';
import { Cookies, ResponseCookies } from 'src/platform/http/cookies';
import { Authenticated, CurrentPrincipal, Public } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';
import { RateLimit } from 'src/platform/rate-limit/rate-limit.decorator';
import { Clock } from 'src/platform/clock/clock';
import { AccountService } from 'src/modules/auth/account.service';
import { AuthService } from 'src/modules/auth/auth.service';
import { AuthCookies } from 'src/modules/auth/cookies/auth-cookies';
import { RefreshCookieGuard } from 'src/modules/auth/cookies/refresh-cookie.guard';
import { RefreshTokenCookie } from 'src/modules/auth/cookies/refresh-token-cookie.decorator';
import {
  EmailDto,
  LoginDto,
  RefreshDto,
  RegisterDto,
  ResetPasswordDto,
  TokenDto,
} from 'src/modules/auth/dto/credentials.dto';
import {
  AcceptedDto,
  OAuthTokenRequestDto,
  OAuthTokenResponseDto,
  TokenResponseDto,
} from 'src/modules/auth/dto/token-response.dto';
import { IssuedTokens } from 'src/modules/auth/sessions/sessions.service';

const REGISTRATION_ACCEPTED = 'If the address can be used, a verification email is on its way.';
const RESET_ACCEPTED = 'If an account uses this address, a reset link is on its way.';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly account: AccountService,
    private readonly cookies: AuthCookies,
    private readonly clock: Clock,
  ) {}

  /** Creates an account. The answer is the same whether or not the email was already taken. */
  @Public()
  @RateLimit('register')
  @Post('register')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedDto })
  async register(@Body() body: RegisterDto): Promise<AcceptedDto> {
    await this.auth.register(body);
    return { message: REGISTRATION_ACCEPTED };
  }

  /** Starts a session: tokens in the body, or in HttpOnly cookies for browsers. */
  @Public()
  @RateLimit('login')
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: LoginDto,
    @Client() client: ClientInfo,
    @Cookies() cookies: ResponseCookies,
  ): Promise<TokenResponseDto> {
    const tokens = await this.auth.login(body.email, body.password, body.tokenDelivery, client);
    return this.respond(tokens, cookies);
  }

  /** OAuth2 token endpoint (password and refresh_token grants), used by Swagger's Authorize. */
  @Public()
  @RateLimit('login')
  @Post('token')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  async token(
    @Body() body: OAuthTokenRequestDto,
    @Client() client: ClientInfo,
  ): Promise<OAuthTokenResponseDto> {
    let tokens: IssuedTokens;
    if (body.grant_type === 'password') {
      if (!body.username || !body.password) throw missingGrantFields(['username', 'password']);
      tokens = await this.auth.login(
        body.username.trim().toLowerCase(),
        body.password,
        'bearer',
        client,
      );
    } else {
      if (!body.refresh_token) throw missingGrantFields(['refresh_token']);
      tokens = await this.auth.refresh(body.refresh_token);
    }
    return {
      access_token: tokens.accessToken,
      token_type: 'Bearer',
      expires_in: tokens.accessTokenExpiresIn,
      refresh_token: tokens.refreshToken,
    };
  }

  /** A new token pair for a refresh token (from the body or its cookie); the old one is spent. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @UseGuards(RefreshCookieGuard)
  async refresh(
    @Body() body: RefreshDto,
    @RefreshTokenCookie() cookieToken: string | undefined,
    @Cookies() cookies: ResponseCookies,
  ): Promise<TokenResponseDto> {
    const presented = body.refreshToken ?? cookieToken;
    if (!presented) {
      throw new AppException('AUTH_REFRESH_TOKEN_INVALID', 'No refresh token was presented');
    }
    return this.respond(await this.auth.refresh(presented), cookies);
  }

  /** Ends the current session everywhere its tokens are used. */
  @Authenticated()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Cookies() cookies: ResponseCookies,
  ): Promise<void> {
    await this.auth.logout(principal);
    this.cookies.clear(cookies);
  }

  /** Confirms the email address with the token from the verification mail. */
  @Public()
  @RateLimit('login')
  @Post('verify-email')
  @HttpCode(204)
  @ApiNoContentResponse()
  verifyEmail(@Body() body: TokenDto): Promise<void> {
    return this.account.verifyEmail(body.token);
  }

  /** Mails a reset link if the address belongs to an account; the answer never says which. */
  @Public()
  @RateLimit('login')
  @Post('password-reset')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedDto })
  async requestPasswordReset(@Body() body: EmailDto): Promise<AcceptedDto> {
    await this.account.requestPasswordReset(body.email);
    return { message: RESET_ACCEPTED };
  }

  /** Sets a new password with the mailed token; every session of the account ends. */
  @Public()
  @RateLimit('login')
  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiNoContentResponse()
  resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    return this.account.resetPassword(body.token, body.newPassword);
  }

  private respond(tokens: IssuedTokens, cookies: ResponseCookies): TokenResponseDto {
    const refreshTokenExpiresAt = tokens.refreshTokenExpiresAt.toISOString();
    if (tokens.delivery === 'cookie') {
      const csrfToken = this.cookies.write(cookies, tokens, this.clock.now());
      return {
        tokenType: 'Cookie',
        expiresIn: tokens.accessTokenExpiresIn,
        refreshTokenExpiresAt,
        csrfToken,
      };
    }
    return {
      tokenType: 'Bearer',
      expiresIn: tokens.accessTokenExpiresIn,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      refreshTokenExpiresAt,
    };
  }
}

function missingGrantFields(fields: string[]): AppException {
  return new AppException('VALIDATION_FAILED', 'The grant is missing fields', {
    errors: fields.map((field) => ({
      field,
      messages: [`${field} is required for this grant_type`],
    })),
  });
}
