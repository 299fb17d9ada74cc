import type { TokenPair } from "../api/types";

export interface Tokens {
  access: string;
  refresh: string;
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt: number;
}

/** What asking task-api for a new pair gave: the pair, a refusal (signed out), or no answer. */
export type RefreshOutcome = TokenPair | "refused" | "unreachable";
export type RefreshCall = (refreshToken: string) => Promise<RefreshOutcome>;
type Listener = (tokens: Tokens | null) => void;

const STORAGE_KEY = "todo-nudge.session";
const LOCK_NAME = "todo-nudge.refresh";
const RETRY_MS = 10_000;
const MARGIN_MS = 60_000;

/** How long before the access token expires to refresh it: a minute, or a fifth of a short life. */
export function refreshDelay(tokens: Tokens, now: number, lifeMs: number): number {
  const margin = Math.min(MARGIN_MS, lifeMs / 5);
  return Math.max(0, tokens.expiresAt - margin - now);
}

/**
 * The tokens of a sign-in, kept in localStorage so that every tab shares them. The access token
 * is refreshed before it expires; tabs take turns (a Web Lock), and a tab that finds the pair
 * already rotated by another adopts it, since a refresh token used twice revokes the sign-in.
 */
export class Session {
  private tokens: Tokens | null;
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly refreshCall: RefreshCall,
    private readonly storage: Storage = localStorage,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = this.load();
    window.addEventListener("storage", this.onStorage);
    this.schedule();
  }

  current(): Tokens | null {
    return this.tokens;
  }

  accessToken(): string | null {
    return this.tokens?.access ?? null;
  }

  /** Keep a new pair (signing in, or a refresh). */
  start(pair: TokenPair): void {
    const tokens = {
      access: pair.access_token,
      refresh: pair.refresh_token,
      expiresAt: this.now() + pair.expires_in * 1000,
    };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    this.set(tokens);
  }

  /** Forget the sign-in, in every tab. */
  end(): void {
    this.storage.removeItem(STORAGE_KEY);
    this.set(null);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Get a fresh access token now; false when signed out. */
  async refresh(): Promise<boolean> {
    const used = this.tokens?.refresh;
    if (!used) return false;
    await withLock(() => this.refreshOnce(used));
    return this.tokens !== null;
  }

  dispose(): void {
    clearTimeout(this.timer);
    window.removeEventListener("storage", this.onStorage);
  }

  private async refreshOnce(used: string): Promise<void> {
    const stored = this.load();
    if (stored && stored.refresh !== used) return this.set(stored);
    const outcome = await this.refreshCall(used);
    if (outcome === "refused") this.end();
    else if (outcome === "unreachable") this.schedule(RETRY_MS);
    else this.start(outcome);
  }

  private set(tokens: Tokens | null): void {
    this.tokens = tokens;
    this.schedule();
    for (const listener of this.listeners) listener(tokens);
  }

  private schedule(delay?: number): void {
    clearTimeout(this.timer);
    if (!this.tokens) return;
    const life = this.tokens.expiresAt - this.now();
    const wait = delay ?? refreshDelay(this.tokens, this.now(), life);
    this.timer = setTimeout(() => void this.refresh(), wait);
  }

  private load(): Tokens | null {
    const text = this.storage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as Tokens) : null;
  }

  private onStorage = (event: StorageEvent): void => {
    if (event.key === STORAGE_KEY) this.set(this.load());
  };
}

async function withLock(work: () => Promise<void>): Promise<void> {
  if (!("locks" in navigator)) return work();
  await navigator.locks.request(LOCK_NAME, work);
}
