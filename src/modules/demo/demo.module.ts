import { Module } from '@nestjs/common';
import { DemoDataService } from 'src/modules/demo/demo-data.service';
import { AuthModule } from 'src/modules/auth/auth.module';

@Module({ imports: [AuthModule], providers: [DemoDataService] })
export class DemoModule {}
