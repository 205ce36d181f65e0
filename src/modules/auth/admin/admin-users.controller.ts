import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseUuid } from 'src/platform/errors/parse-uuid.pipe';
import { Page, PageOf } from 'src/platform/pagination/page';
import { Authenticated } from 'src/platform/security/access.decorators';
import { AdminUsersService } from 'src/modules/auth/admin/admin-users.service';
import { ChangeRoleDto, ListUsersQuery } from 'src/modules/auth/admin/dto/admin-users.dto';
import { AdminUserDto } from 'src/modules/auth/users/dto/profile.dto';

@ApiTags('admin')
@Authenticated({ roles: ['admin'] })
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  /** Accounts, newest first; `q` searches email and display name. */
  @Get()
  @ApiOkResponse({ type: PageOf(AdminUserDto) })
  list(@Query() query: ListUsersQuery): Promise<Page<AdminUserDto>> {
    return this.admin.list(query);
  }

  /** One account as an administrator sees it. */
  @Get(':id')
  get(@Param('id', ParseUuid) id: string): Promise<AdminUserDto> {
    return this.admin.get(id);
  }

  /** Blocks the account at once and ends its sessions. */
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@Param('id', ParseUuid) id: string): Promise<AdminUserDto> {
    return this.admin.deactivate(id);
  }

  /** Lets a deactivated account log in again (its old sessions stay ended). */
  @Post(':id/reactivate')
  @HttpCode(200)
  reactivate(@Param('id', ParseUuid) id: string): Promise<AdminUserDto> {
    return this.admin.reactivate(id);
  }

  /** Takes effect on the user's next request. */
  @Put(':id/role')
  changeRole(
    @Param('id', ParseUuid) id: string,
    @Body() body: ChangeRoleDto,
  ): Promise<AdminUserDto> {
    return this.admin.changeRole(id, body.role);
  }

  /** Ends every session of the account at once. */
  @Delete(':id/sessions')
  @HttpCode(204)
  @ApiNoContentResponse()
  revokeSessions(@Param('id', ParseUuid) id: string): Promise<void> {
    return this.admin.revokeSessions(id);
  }
}
