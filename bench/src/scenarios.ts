import { BAD_USER, expectedBodies, NEW_USER } from './fixtures';
import type { ScenarioId } from './options';

/** One request shape, sent identically to every server. */
export interface Scenario {
  id: ScenarioId;
  title: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** What every server must answer: the status and the parsed body, computed from the fixtures (undefined: only alike). */
  expected: { status: number; body: unknown };
  /** A request every server must refuse with a 4xx (its validation really runs); statuses may differ. */
  invalid?: { body: string };
}

const json = { 'content-type': 'application/json' };
const expected = expectedBodies();

export const SCENARIO_LIST: Scenario[] = [
  {
    id: 'A',
    title: 'GET /hello → {"hello":"world"}',
    method: 'GET',
    path: '/hello',
    expected: { status: 200, body: expected.A },
  },
  {
    id: 'B',
    title: 'two headers and two cookies through the injected response',
    method: 'GET',
    path: '/cookies',
    expected: { status: 200, body: expected.B },
  },
  {
    id: 'C',
    title: 'a user (10 fields) with 50 posts (6 fields) filtered to 8 and 5 fields',
    method: 'GET',
    path: '/user',
    expected: { status: 200, body: expected.C },
  },
  {
    id: 'D',
    title: 'POST a validated body (class-validator), echo the filtered result',
    method: 'POST',
    path: '/users',
    headers: json,
    body: JSON.stringify(NEW_USER),
    expected: { status: 201, body: expected.D },
    invalid: { body: JSON.stringify(BAD_USER) },
  },
];

export function scenario(id: ScenarioId): Scenario {
  return SCENARIO_LIST.find((s) => s.id === id)!;
}
