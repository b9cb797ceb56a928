import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FakeRequest, FakeResponse } from './fake-protocol';

type Request = FakeRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Starts the fake Bot API in a child process and talks to it over IPC. */
export class FakeProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, (response: FakeResponse) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly apiRoot: string,
  ) {
    child.on('message', (response: FakeResponse) => {
      this.waiting.get(response.id)?.(response);
      this.waiting.delete(response.id);
    });
  }

  static start(options: { rateLimit: boolean }): Promise<FakeProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fake-process.ts'), ...(options.rateLimit ? ['--rate-limit'] : [])], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('message', (first: FakeResponse) => {
        if (first.apiRoot === undefined) reject(new Error('the fake did not say where it listens'));
        else resolve(new FakeProcess(child, first.apiRoot));
      });
      child.once('exit', (code) => reject(new Error(`the fake exited (${code ?? 'signal'})`)));
    });
  }

  request(request: Request): Promise<FakeResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ ...request, id });
    });
  }

  async close(): Promise<void> {
    await this.request({ op: 'close' });
  }
}
