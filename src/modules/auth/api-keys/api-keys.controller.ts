import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseUuid } from 'src/platform/errors/parse-uuid.pipe';
import { Page, PageOf, PageQuery } from 'src/platform/pagination/page';
import { Authenticated, CurrentPrincipal } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';
import { ApiKeysService } from 'src/modules/auth/api-keys/api-keys.service';
import {
  ApiKeyDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  ScopesDto,
} from 'src/modules/auth/api-keys/dto/api-key.dto';

/** A user's keys for machine clients. Managed with a user token only, never with a key. */
@ApiTags('api-keys')
@Authenticated()
@Controller('me/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** Creates a key; the secret is in this response only. */
  @Post()
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(principal.userId, body);
  }

  /** Your API keys, revoked ones included, newest first; the secrets are never shown again. */
  @Get()
  @ApiOkResponse({ type: PageOf(ApiKeyDto) })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<Page<ApiKeyDto>> {
    return this.apiKeys.list(principal.userId, query.limit, query.cursor);
  }

  /** The scopes a key can be given (every scope some route requires). */
  @Get('scopes')
  scopes(): ScopesDto {
    return { scopes: this.apiKeys.scopes() };
  }

  /** Revokes a key at once, on every instance. */
  @Delete(':id')
  @HttpCode(204)
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
  ): Promise<void> {
    return this.apiKeys.revoke(principal.userId, id);
  }
}
