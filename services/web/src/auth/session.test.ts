import { refreshDelay, Session } from "./session";

const PAIR = { access_token: "a2", refresh_token: "r2", token_type: "bearer" as const, expires_in: 900 };

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

it("refreshes a minute before expiry, or a fifth of a short life before", () => {
  expect(refreshDelay({ access: "", refresh: "", expiresAt: 900_000 }, 0, 900_000)).toBe(840_000);
  expect(refreshDelay({ access: "", refresh: "", expiresAt: 30_000 }, 0, 30_000)).toBe(24_000);
});

it("refreshes by itself before the access token expires, and tells its listeners", async () => {
  const refresh = vi.fn(async () => PAIR);
  const session = new Session(refresh);
  session.start({ ...PAIR, access_token: "a1", refresh_token: "r1" });
  const heard = vi.fn();
  session.subscribe(heard);
  await vi.advanceTimersByTimeAsync(840_000);
  expect(refresh).toHaveBeenCalledWith("r1");
  expect(session.accessToken()).toBe("a2");
  expect(heard).toHaveBeenCalledWith(expect.objectContaining({ access: "a2" }));
  session.dispose();
});

it("adopts a pair another tab already rotated instead of using the old one twice", async () => {
  const refresh = vi.fn(async () => PAIR);
  const session = new Session(refresh);
  session.start({ ...PAIR, access_token: "a1", refresh_token: "r1" });
  localStorage.setItem("todo-nudge.session", JSON.stringify({ access: "a3", refresh: "r3", expiresAt: Date.now() + 900_000 }));
  expect(await session.refresh()).toBe(true);
  expect(refresh).not.toHaveBeenCalled();
  expect(session.accessToken()).toBe("a3");
  session.dispose();
});

it("signs out when the refresh token is refused", async () => {
  const session = new Session(async () => "refused");
  session.start(PAIR);
  expect(await session.refresh()).toBe(false);
  expect(localStorage.getItem("todo-nudge.session")).toBeNull();
  session.dispose();
});
