import { Module } from '@nestjs/common';
import { MetricsController } from 'src/modules/metrics/metrics.controller';
import { MetricsPortListener } from 'src/modules/metrics/metrics-port.listener';
import { MetricsService } from 'src/modules/metrics/metrics.service';

@Module({
  controllers: [MetricsController],
  providers: [MetricsService, MetricsPortListener],
})
export class MetricsModule {}
