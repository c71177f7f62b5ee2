// SSH questions waiting for the user, one at a time per connection. A question is only taken
// for a connection that is opening over ssh to that very host; anything else is refused.
// Cancelling ends the sign-in: later questions of the same attempt are refused without asking.
import { randomUUID } from 'node:crypto';
import type { ConnectionId, SshPrompt, SshTarget } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { Timers } from '../connections/manager.js';
import { describeTarget, type SshQuestion } from './ssh-prompt.js';

export interface PromptHost {
  /** The connection opening over ssh to the target, with its attempt number. */
  openingTo(target: SshTarget | null): { id: ConnectionId; attempt: number } | null;
  /** The connection's prompt changed: tell the UI. */
  changed(id: ConnectionId): void;
}

interface Pending {
  prompt: SshPrompt;
  attemptKey: string;
  settle(answer: string | null): void;
}

export class PromptDesk {
  readonly #pending = new Map<ConnectionId, Pending>();
  readonly #cancelled = new Set<string>();
  readonly #asked = new Map<string, number>();

  constructor(
    private readonly host: PromptHost,
    private readonly timers: Timers,
    private readonly timeoutMs = 5 * 60_000,
  ) {}

  current(id: ConnectionId): SshPrompt | undefined {
    return this.#pending.get(id)?.prompt;
  }

  /** Puts ssh's question to the user; null when refused, cancelled, timed out or withdrawn. */
  ask(target: SshTarget | null, q: SshQuestion, gone: AbortSignal): Promise<string | null> {
    const opening = this.host.openingTo(target);
    if (!opening) return Promise.resolve(null);
    const attemptKey = `${opening.id}#${opening.attempt}`;
    if (gone.aborted || this.#cancelled.has(attemptKey) || this.#pending.has(opening.id)) return Promise.resolve(null);
    const countKey = `${attemptKey}#${q.kind}`;
    const n = (this.#asked.get(countKey) ?? 0) + 1;
    this.#asked.set(countKey, n);
    return new Promise((resolve) => {
      const id = opening.id;
      const timer = this.timers.setTimeout(() => settle(null), this.timeoutMs);
      const onGone = () => settle(null);
      const settle = (answer: string | null) => {
        if (this.#pending.get(id)?.prompt.id !== prompt.id) return;
        this.timers.clearTimeout(timer);
        gone.removeEventListener('abort', onGone);
        this.#pending.delete(id);
        if (answer === null) this.#cancelled.add(attemptKey);
        this.host.changed(id);
        resolve(answer);
      };
      const prompt: SshPrompt = { id: randomUUID(), ...q, target: target ? describeTarget(target) : '', attempt: n };
      this.#pending.set(id, { prompt, attemptKey, settle });
      gone.addEventListener('abort', onGone);
      this.host.changed(id);
    });
  }

  answer(id: ConnectionId, promptId: string, answer: string | null): void {
    const p = this.#pending.get(id);
    if (!p || p.prompt.id !== promptId) throw new ApiError('not-found', msg('ssh.promptGone'));
    p.settle(answer);
  }

  /** Whether the user cancelled a question of this attempt. */
  cancelled(id: ConnectionId, attempt: number): boolean {
    return this.#cancelled.has(`${id}#${attempt}`);
  }

  /** The attempt ended (connected, failed or closed): withdraw its question and forget it. */
  endAttempt(id: ConnectionId, attempt: number): void {
    this.#pending.get(id)?.settle(null);
    const prefix = `${id}#${attempt}`;
    this.#cancelled.delete(prefix);
    for (const k of this.#asked.keys()) if (k.startsWith(`${prefix}#`)) this.#asked.delete(k);
  }
}
