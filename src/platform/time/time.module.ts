import { Global, Module } from '@nestjs/common';
import { Clock } from 'src/platform/time/clock';

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class TimeModule {}
