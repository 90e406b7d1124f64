import { deepStrictEqual } from 'node:assert';
import { request as httpRequest } from 'node:http';
import { Cookie } from 'tough-cookie';
import type { RunningServer } from './children';
import type { Scenario } from './scenarios';

/**
 * Headers left out of the comparison, and why. Everything else (names, values, every Set-Cookie
 * line attribute by attribute, the body byte for byte) must be identical on every server.
 */
export const IGNORED_HEADERS: Record<string, string> = {
  date: 'the clock',
  connection: 'transport, not the application',
  // Node's http server sends it; Fastify sets keepAliveTimeout 72 s, Express keeps Node's 5 s.
  'keep-alive': 'server keep-alive timeout (Fastify 72 s, Express 5 s)',
};

interface Answer {
  status: number;
  headers: Map<string, string>;
  cookies: string[];
  body: Buffer;
}

function send(port: number, scenario: Scenario, body = scenario.body): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: scenario.method,
        path: scenario.path,
        headers: {
          ...scenario.headers,
          ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = new Map<string, string>();
          for (const [name, value] of Object.entries(res.headers)) {
            if (name === 'set-cookie' || name in IGNORED_HEADERS || value === undefined) continue;
            headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          resolve({
            status: res.statusCode ?? 0,
            headers,
            cookies: res.headers['set-cookie'] ?? [],
            body: Buffer.concat(chunks),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A cookie line as its parsed parts, so attribute order and letter case do not matter. */
function parsedCookie(line: string) {
  const cookie = Cookie.parse(line);
  if (cookie === undefined) throw new Error(`unparsable Set-Cookie line: ${line}`);
  const {
    creation: _creation,
    lastAccessed: _lastAccessed,
    ...parts
  } = cookie.toJSON() as Record<string, unknown>;
  return parts;
}

export class MismatchError extends Error {}

/**
 * Sends the scenario's request to every server and throws unless each answer equals the expected
 * body and the first server's status, headers, cookies and bytes. For a scenario with an invalid
 * request, each server must also refuse it with a 4xx.
 */
export async function verifyScenario(
  scenario: Scenario,
  servers: RunningServer<string>[],
): Promise<string[]> {
  const notes: string[] = [];
  const answers = await Promise.all(servers.map((s) => send(s.port, scenario)));
  const [reference, ...others] = answers;
  const ref = servers[0].name;
  const problems: string[] = [];

  answers.forEach((answer, i) => {
    const who = servers[i].name;
    if (answer.status !== scenario.expected.status) {
      problems.push(`${who}: status ${answer.status}, expected ${scenario.expected.status}`);
    }
    try {
      // Without an expected body (a generated app's route), the servers are only compared with each other.
      if (scenario.expected.body !== undefined)
        deepStrictEqual(JSON.parse(answer.body.toString('utf8')), scenario.expected.body);
    } catch {
      problems.push(`${who}: body ${answer.body.toString('utf8').slice(0, 300)} is not the expected one`);
    }
  });

  others.forEach((answer, j) => {
    const who = servers[j + 1].name;
    if (answer.status !== reference.status)
      problems.push(`${who}: status ${answer.status}, ${ref} ${reference.status}`);
    const names = new Set([...reference.headers.keys(), ...answer.headers.keys()]);
    for (const name of names) {
      const mine = answer.headers.get(name);
      const theirs = reference.headers.get(name);
      if (mine !== theirs)
        problems.push(`${who}: header ${name}: ${mine ?? '(none)'}; ${ref}: ${theirs ?? '(none)'}`);
    }
    if (answer.cookies.length !== reference.cookies.length) {
      problems.push(`${who}: ${answer.cookies.length} Set-Cookie lines, ${ref} ${reference.cookies.length}`);
    } else {
      answer.cookies.forEach((line, k) => {
        try {
          deepStrictEqual(parsedCookie(line), parsedCookie(reference.cookies[k]));
        } catch {
          problems.push(`${who}: Set-Cookie ${line}; ${ref}: ${reference.cookies[k]}`);
          return;
        }
        if (line !== reference.cookies[k])
          notes.push(`${who}: Set-Cookie "${line}" differs in spelling only`);
      });
    }
    if (!answer.body.equals(reference.body)) {
      problems.push(
        `${who}: body differs from ${ref}'s byte for byte (${firstDifference(answer.body, reference.body)})`,
      );
    }
  });

  if (scenario.invalid !== undefined) {
    const refused = await Promise.all(servers.map((s) => send(s.port, scenario, scenario.invalid!.body)));
    refused.forEach((answer, i) => {
      if (answer.status < 400 || answer.status > 499) {
        problems.push(`${servers[i].name}: an invalid body got ${answer.status}, expected a 4xx`);
      } else {
        notes.push(`${servers[i].name} refuses an invalid body with ${answer.status}`);
      }
    });
  }

  if (problems.length > 0) {
    throw new MismatchError(
      `scenario ${scenario.id} (${scenario.title}): the servers differ\n  ${problems.join('\n  ')}`,
    );
  }
  return notes;
}

function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (buf: Buffer) => JSON.stringify(buf.subarray(Math.max(0, i - 20), i + 20).toString('utf8'));
  return `at byte ${i}: ${around(a)} vs ${around(b)}`;
}
