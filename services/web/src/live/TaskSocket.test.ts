import { backoffDelay, TaskSocket, type SocketOptions } from "./TaskSocket";

class FakeSocket {
  static made: FakeSocket[] = [];
  readyState: number = WebSocket.CONNECTING;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor() {
    FakeSocket.made.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {}
  open() {
    this.readyState = WebSocket.OPEN;
    this.onopen?.();
  }
  /** What the server says once it has read the token: the events are on their way. */
  subscribe() {
    this.onmessage?.({ data: JSON.stringify({ type: "subscribed", data: {} }) });
  }
  drop(code = 1006) {
    this.readyState = WebSocket.CLOSED;
    this.onclose?.({ code });
  }
}

function socketWith(overrides: Partial<SocketOptions> = {}) {
  const options: SocketOptions = {
    url: "ws://test/ws/tasks",
    token: () => "token-1",
    refresh: vi.fn(async () => true),
    onMessage: vi.fn(),
    onOpen: vi.fn(),
    onStatus: vi.fn(),
    createSocket: () => new FakeSocket() as unknown as WebSocket,
    random: () => 1,
    ...overrides,
  };
  return { socket: new TaskSocket(options), options };
}

beforeEach(() => {
  FakeSocket.made = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it("doubles its wait between attempts, up to 15 s, with jitter", () => {
  expect([0, 1, 2, 10].map((attempt) => backoffDelay(attempt, () => 1))).toEqual([500, 1000, 2000, 15000]);
  expect(backoffDelay(0, () => 0)).toBe(250);
});

it("sends its token first, is live once subscribed, passes events on, and reconnects after a drop", async () => {
  const { socket, options } = socketWith();
  socket.start();
  FakeSocket.made[0].open();
  expect(FakeSocket.made[0].sent).toEqual([JSON.stringify({ token: "token-1" })]);
  expect(options.onOpen).not.toHaveBeenCalled();
  expect(options.onStatus).not.toHaveBeenCalled();
  FakeSocket.made[0].subscribe();
  expect(options.onOpen).toHaveBeenCalledTimes(1);
  expect(options.onStatus).toHaveBeenLastCalledWith(true);
  expect(options.onMessage).not.toHaveBeenCalled();
  FakeSocket.made[0].onmessage?.({ data: JSON.stringify({ type: "task_deleted", data: { task_id: 7 } }) });
  expect(options.onMessage).toHaveBeenCalledWith({ type: "task_deleted", data: { task_id: 7 } });

  FakeSocket.made[0].drop();
  expect(options.onStatus).toHaveBeenLastCalledWith(false);
  await vi.advanceTimersByTimeAsync(499);
  expect(FakeSocket.made).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(1);
  FakeSocket.made[1].open();
  FakeSocket.made[1].subscribe();
  expect(options.onOpen).toHaveBeenCalledTimes(2);
  socket.stop();
});

it("refreshes its token when the server refuses it, and stops when signed out", async () => {
  const refresh = vi.fn(async () => false);
  const { socket } = socketWith({ refresh });
  socket.start();
  FakeSocket.made[0].open();
  FakeSocket.made[0].drop(1008);
  await vi.runAllTimersAsync();
  expect(refresh).toHaveBeenCalled();
  expect(FakeSocket.made).toHaveLength(1);
  socket.stop();
});

it("sends a fresh token on the open socket", () => {
  const { socket } = socketWith();
  socket.start();
  FakeSocket.made[0].open();
  socket.sendToken("token-2");
  expect(FakeSocket.made[0].sent.at(-1)).toBe(JSON.stringify({ token: "token-2" }));
  socket.stop();
});
