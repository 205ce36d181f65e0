import { Module } from '@nestjs/common';
import { MetricsController } from 'src/modules/metrics/metrics.controller';
import { MetricsService } from 'src/modules/metrics/metrics.service';

@Module({ controllers: [MetricsController], providers: [MetricsService] })
export class MetricsModule {}
