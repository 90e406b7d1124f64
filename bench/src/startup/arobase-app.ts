// 200 routes and 50 models declared with arobase's decorators, applied the way TypeScript's emitted
// __decorate calls apply them (bottom-up, with design:type and design:paramtypes metadata).
import { performance } from 'node:perf_hooks';
import type * as Core from '@arobase/core';
import type * as Libs from '../servers/core-libs';
import { type ModelSpec, models, routes, row, SAMPLE_URL, type StartupReport } from './spec';

const TYPES = { number: Number, string: String, boolean: Boolean, date: Date, list: Array };

async function main() {
  require('reflect-metadata');
  const core: typeof Core = require('@arobase/core');
  const { transformer }: typeof Libs = require('../servers/core-libs');
  const loaded = performance.now();

  const specs = models();
  const classes: Function[] = [];
  for (const spec of specs) classes.push(defineModel(spec, classes, transformer));

  const controllers = new Map<number, Function>();
  for (const route of routes()) {
    let controller = controllers.get(route.controller);
    if (controller === undefined) {
      controller = named(`Controller${route.controller}`);
      Reflect.decorate([core.Controller(route.prefix)], controller);
      controllers.set(route.controller, controller);
    }
    const data = row(specs, route.model);
    const method = function handler(_id: number) {
      return data;
    };
    const proto = controller.prototype;
    Object.defineProperty(proto, route.key, { value: method, writable: true, configurable: true });
    const param = core.Param('id');
    Reflect.decorate(
      [
        core.Get(route.path),
        core.ResponseModel(classes[route.model]),
        (target: object, key: string | symbol) => param(target, key, 0),
        Reflect.metadata('design:type', Function),
        Reflect.metadata('design:paramtypes', [Number]),
        Reflect.metadata('design:returntype', Object),
      ],
      proto,
      route.key,
      Object.getOwnPropertyDescriptor(proto, route.key),
    );
  }

  const app = await core.createApp({
    controllers: [...controllers.values()],
    fastify: { logger: false },
    openapi: openapiOption(),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const ready = performance.now();
  const { user, system } = process.cpuUsage();
  const cpu = (user + system) / 1000;
  const sample = await app.inject({ url: SAMPLE_URL });
  const report: StartupReport = {
    loaded,
    ready,
    cpu,
    routes: core.describeRoutes([...controllers.values()]).length,
    sample: sample.body,
  };
  await app.close();
  console.log(JSON.stringify(report));
}

function named(name: string): Function {
  return { [name]: class {} }[name];
}

function defineModel(spec: ModelSpec, classes: Function[], transformer: typeof Libs.transformer): Function {
  const cls = named(spec.name);
  for (const field of spec.fields) {
    const decorators: PropertyDecorator[] = [transformer.Expose()];
    if (field.kind === 'list')
      decorators.push(transformer.Type(() => classes[field.of!] as new () => object));
    decorators.push(Reflect.metadata('design:type', TYPES[field.kind]));
    Reflect.decorate(decorators, cls.prototype, field.name);
  }
  return cls;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/** The OpenAPI document and /docs are on, as createApp's default; BENCH_OPENAPI=off measures without. */
function openapiOption(): false | undefined {
  return process.env.BENCH_OPENAPI === 'off' ? false : undefined;
}
