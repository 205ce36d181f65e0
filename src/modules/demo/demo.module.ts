import { Module } from '@nestjs/common';
import { DemoDataService } from 'src/modules/demo/demo-data.service';
import { UsersModule } from 'src/modules/users/users.module';

@Module({ imports: [UsersModule], providers: [DemoDataService] })
export class DemoModule {}
