import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from 'src/modules/audit/audit.service';
import { ActivityEventResponseDto } from 'src/modules/audit/dto/activity-event-response.dto';
import { AuditEventResponseDto } from 'src/modules/audit/dto/audit-event-response.dto';
import { ChainVerificationDto } from 'src/modules/audit/dto/chain-verification.dto';
import { ListAuditEventsQuery } from 'src/modules/audit/dto/list-audit-events.dto';
import { Page, PageOf, PageQuery } from 'src/platform/pagination/page';
import { Authenticated, CurrentPrincipal } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Audit events filtered by actor, action, resource and time, newest first. */
  @Authenticated({ roles: ['admin'] })
  @Get('admin/audit-events')
  @ApiOkResponse({ type: PageOf(AuditEventResponseDto) })
  list(@Query() query: ListAuditEventsQuery): Promise<Page<AuditEventResponseDto>> {
    return this.audit.listEvents(query);
  }

  /** Recomputes the hash chain and names the first broken link. */
  @Authenticated({ roles: ['admin'] })
  @Get('admin/audit-events/verify')
  @ApiOkResponse({ type: ChainVerificationDto })
  verify(): Promise<ChainVerificationDto> {
    return this.audit.verifyChain();
  }

  /** The caller's own security activity: logins, password and key changes, sessions. */
  @Authenticated({ scopes: ['profile:read'] })
  @Get('me/activity')
  @ApiOkResponse({ type: PageOf(ActivityEventResponseDto) })
  myActivity(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<Page<ActivityEventResponseDto>> {
    return this.audit.listActivity(principal.userId, query);
  }
}
