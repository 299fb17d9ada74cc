import type { Task } from "../api/types";

/** The server's first message, once the socket's events are on their way. */
type Subscribed = { type: "subscribed"; data: Record<string, never> };

/** The events of `WS /ws/tasks` (README, "WebSocket"); the task is the API's TaskPublic. */
export type TaskMessage =
  | { type: "task_created" | "task_updated"; data: { task: Task } }
  | { type: "task_deleted"; data: { task_id: number } }
  | { type: "background_task_completed"; data: { created_count: number } };

export interface SocketOptions {
  url: string;
  token(): string | null;
  /** Get a fresh access token after the server refused ours; false: signed out. */
  refresh(): Promise<boolean>;
  onMessage(message: TaskMessage): void;
  /** Subscribed (again): what changed while away must be loaded now, and nothing is missed. */
  onOpen(): void;
  onStatus(connected: boolean): void;
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
}

const POLICY_VIOLATION = 1008;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** The wait before reconnect attempt `attempt` (0, 1, …): doubling, capped, with jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return ceiling * (0.5 + random() / 2);
}

/**
 * A WebSocket of task events that reconnects after a drop, with backoff. The token goes as the
 * first message, not in the URL (which servers log); a fresh one is sent before the old expires.
 */
export class TaskSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: SocketOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000);
    this.socket = null;
  }

  /** Keep the open socket alive past the old token's expiry. */
  sendToken(token: string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ token }));
  }

  private connect(): void {
    const token = this.options.token();
    if (this.stopped || !token) return;
    const socket = (this.options.createSocket ?? ((url) => new WebSocket(url)))(this.options.url);
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ token: this.options.token() ?? token }));
    socket.onmessage = (event) => this.onMessage(JSON.parse(String(event.data)) as TaskMessage | Subscribed);
    socket.onclose = (event) => void this.onClose(socket, event.code);
  }

  private onMessage(message: TaskMessage | Subscribed): void {
    if (message.type !== "subscribed") {
      this.options.onMessage(message);
      return;
    }
    this.attempt = 0;
    this.options.onStatus(true);
    this.options.onOpen();
  }

  private async onClose(socket: WebSocket, code: number): Promise<void> {
    if (this.socket !== socket || this.stopped) return;
    this.socket = null;
    this.options.onStatus(false);
    if (code === POLICY_VIOLATION && !(await this.options.refresh())) return;
    const delay = backoffDelay(this.attempt++, this.options.random);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}

/** The socket's address on the page's own host (the app is served beside the API). */
export function taskSocketUrl(location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws/tasks`;
}
