import { Module } from '@nestjs/common';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AuditRetentionJob } from 'src/modules/audit/retention/audit-retention.job';

/** The server's nightly pruning; apart from AuditModule, which commands use without a queue. */
@Module({ imports: [AuditModule], providers: [AuditRetentionJob] })
export class AuditRetentionModule {}
