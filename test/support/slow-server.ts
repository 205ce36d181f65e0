import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, Module, Query, VERSION_NEUTRAL } from '@nestjs/common';
import { bootstrap } from 'src/bootstrap';

/** The real server process with one extra, deliberately slow route (lifecycle tests). */
@Controller({ path: 'test-slow', version: VERSION_NEUTRAL })
class SlowController {
  @Get()
  async slow(@Query('ms') ms: string): Promise<{ sleptMs: number }> {
    await sleep(Number(ms));
    return { sleptMs: Number(ms) };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

void bootstrap({ extraModules: [SlowModule] });
