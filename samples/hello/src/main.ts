import 'reflect-metadata';
import { createApp } from '@arobase/core';
import { HelloController } from './hello.controller';

async function main() {
  const app = await createApp({ controllers: [HelloController], fastify: { logger: true } });
  const port = Number(process.env.PORT ?? 3000);
  await app.listen({ port, host: '127.0.0.1' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
