import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, Module, Query, VERSION_NEUTRAL } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { bootstrap } from 'src/bootstrap';
import { Public } from 'src/platform/security/access.decorators';

/** The real server process with one extra, deliberately slow route (lifecycle tests). */
@Public()
@Controller({ path: 'test-slow', version: VERSION_NEUTRAL })
class SlowController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  async slow(@Query('ms') ms: string): Promise<{ sleptMs: number }> {
    await sleep(Number(ms));
    // The database must still be there, even if the client has gone and SIGTERM has arrived.
    await this.dataSource.query('SELECT 1');
    process.stdout.write(`slow handler finished after ${ms} ms\n`);
    return { sleptMs: Number(ms) };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

void bootstrap({ extraModules: [SlowModule] });
