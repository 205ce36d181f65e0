import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, PageOf, PageQuery } from 'src/platform/pagination/page';
import { ParseUuid } from 'src/platform/errors/parse-uuid.pipe';
import { Cookies, ResponseCookies } from 'src/platform/http/cookies';
import { Authenticated, CurrentPrincipal } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';
import { AccountService } from 'src/modules/auth/account.service';
import { AuthCookies } from 'src/modules/auth/cookies/auth-cookies';
import { ChangePasswordDto, ConfirmPasswordDto } from 'src/modules/auth/dto/credentials.dto';
import { SessionDto } from 'src/modules/auth/sessions/dto/session.dto';
import { MySessionsService } from 'src/modules/auth/sessions/my-sessions.service';
import { ProfileDto, UpdateProfileDto } from 'src/modules/auth/users/dto/profile.dto';
import { UsersService } from 'src/modules/auth/users/users.service';

/** The caller's own account: profile, password, sessions, deletion. */
@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly account: AccountService,
    private readonly sessions: MySessionsService,
    private readonly cookies: AuthCookies,
  ) {}

  /** Your profile: email, display name, role, base currency. */
  @Authenticated({ scopes: ['profile:read'] })
  @Get()
  profile(@CurrentPrincipal() principal: Principal): Promise<ProfileDto> {
    return this.users.getProfile(principal.userId);
  }

  /** Changes your display name or base currency (re-basing every expense in the same transaction). */
  @Authenticated({ scopes: ['profile:write'] })
  @Patch()
  updateProfile(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateProfileDto,
  ): Promise<ProfileDto> {
    return this.users.updateProfile(principal.userId, body);
  }

  /** Needs the current password; every other session ends. */
  @Authenticated()
  @Post('password')
  @HttpCode(204)
  @ApiNoContentResponse()
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    return this.account.changePassword(principal, body.currentPassword, body.newPassword);
  }

  /** Mails a new verification link (none when the email is already verified). */
  @Authenticated()
  @Post('email-verification')
  @HttpCode(202)
  @ApiAcceptedResponse()
  resendVerification(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.account.resendVerification(principal.userId);
  }

  /** Deletes the account and everything it owns; needs the password. */
  @Authenticated()
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse()
  async deleteAccount(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ConfirmPasswordDto,
    @Cookies() cookies: ResponseCookies,
  ): Promise<void> {
    await this.account.deleteAccount(principal, body.password);
    this.cookies.clear(cookies);
  }

  /** Your live sessions, newest first; `current` marks the one making this request. */
  @Authenticated()
  @Get('sessions')
  @ApiOkResponse({ type: PageOf(SessionDto) })
  listSessions(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<Page<SessionDto>> {
    return this.sessions.list(principal, query);
  }

  /** Ends every session but the current one. */
  @Authenticated()
  @Delete('sessions')
  @HttpCode(204)
  @ApiNoContentResponse()
  revokeOtherSessions(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.sessions.revokeOthers(principal);
  }

  /** Ends one of your sessions at once. */
  @Authenticated()
  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  revokeSession(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
  ): Promise<void> {
    return this.sessions.revoke(principal, id);
  }
}
