import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { AuditService } from 'src/modules/audit/audit.service';
import { ActivityEventResponseDto } from 'src/modules/audit/dto/activity-event-response.dto';
import { AuditEventResponseDto } from 'src/modules/audit/dto/audit-event-response.dto';
import { ChainVerificationDto } from 'src/modules/audit/dto/chain-verification.dto';
import { ListAuditEventsQuery } from 'src/modules/audit/dto/list-audit-events.dto';
import { Page, PageOf, PageQuery } from 'src/platform/pagination/page';

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Audit events filtered by actor, action, resource and time, newest first. */
  @Get('admin/audit-events')
  @ApiOkResponse({ type: PageOf(AuditEventResponseDto) })
  list(@Query() query: ListAuditEventsQuery): Promise<Page<AuditEventResponseDto>> {
    return this.audit.listEvents(query);
  }

  /** Recomputes the hash chain and names the first broken link. */
  @Get('admin/audit-events/verify')
  @ApiOkResponse({ type: ChainVerificationDto })
  verify(): Promise<ChainVerificationDto> {
    return this.audit.verifyChain();
  }

  /** The caller's own security activity: logins, password and key changes, sessions. */
  @Get('me/activity')
  @ApiOkResponse({ type: PageOf(ActivityEventResponseDto) })
  myActivity(
    @Req() request: FastifyRequest,
    @Query() query: PageQuery,
  ): Promise<Page<ActivityEventResponseDto>> {
    return this.audit.listActivity(request.principal, query);
  }
}
