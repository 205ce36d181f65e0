import { Body, Controller, Get, Logger, Module, Param, Post, Req } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsString, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Public } from 'src/platform/security/access.decorators';

export class CreateProbeDto {
  @IsString()
  @MaxLength(20)
  name!: string;

  @Matches(/^\d+(\.\d{1,2})?$/, { message: 'amount must be a decimal string' })
  amount!: string;
}

/** Routes that fail in each way the error contract covers (e2e tests only). */
@Public()
@Controller('error-probe')
export class ErrorProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post('items')
  create(@Body() body: CreateProbeDto): CreateProbeDto {
    return body;
  }

  @Get('items/:id')
  findOne(@Param('id') id: string): { id: string } {
    new Logger('Probe').log({
      probe: 'nested secrets',
      user: { email: 'a@example.com', password: 'hunter2-pass', apiKey: 'llk_live_123' },
      headers: { authorization: 'Bearer eyJ.secret.sig', cookie: 'sid=abc' },
      tokens: [{ refreshToken: 'rt-999' }],
    });
    return { id };
  }

  /** Stands in for the authentication guard: puts a principal on the request, then logs. */
  @Get('as-user')
  asUser(@Req() request: FastifyRequest): { ok: true } {
    request.principal = { kind: 'user', userId: 'user-4242', role: 'user' };
    new Logger('Probe').log('acting as a user');
    return { ok: true };
  }

  @Get('crash')
  crash(): never {
    throw new Error('connect to /var/lib/secret.sock failed: SELECT password FROM users');
  }

  @Post('duplicate')
  async duplicate(): Promise<void> {
    const insert = `INSERT INTO users (email, display_name, password_hash) VALUES ('twin@example.com', 'Twin', 'x')`;
    await this.dataSource.query(insert);
    await this.dataSource.query(insert);
  }

  @Get('statement-timeout')
  async statementTimeout(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL statement_timeout = 50');
      await manager.query('SELECT pg_sleep(2)');
    });
  }
}

@Module({ controllers: [ErrorProbeController] })
export class ErrorProbeModule {}
