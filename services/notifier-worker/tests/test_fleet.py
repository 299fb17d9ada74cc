"""Workers as a fleet: a shared rate limit, and nothing lost when one stops or dies."""

import asyncio
import itertools
import signal
from collections import Counter, defaultdict

import pytest

from fake_telegram import FakeTelegram
from todo_testkit.processes import service_process, wait_until_healthy

TELEGRAM_LIMIT = 30  # messages a second for a bot; the fleet aims at 25 to keep a margin
CHAT_LIMIT = 1  # about one a second, per chat
JITTER = 0.01  # seconds: the clocks of Redis and of the fake Telegram, read to the millisecond


async def test_four_workers_together_stay_under_telegrams_limits(
    telegram: FakeTelegram, start_worker, publish, make_reminders
) -> None:
    reminders = [r for _, r in await make_reminders(chats=30, per_chat=3)]
    for reminder in reminders:
        await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    for _ in range(4):
        await start_worker()

    await telegram.wait_for_calls(len(reminders), timeout=60, method="sendMessage")
    sends = sorted(telegram.calls(method="sendMessage"), key=lambda call: call.at)
    assert len(sends) == len(reminders)
    moments = [call.at for call in sends]
    busiest_second = max(
        sum(1 for other in moments if start <= other < start + 1.0) for start in moments
    )
    assert busiest_second <= TELEGRAM_LIMIT, f"{busiest_second} messages in one second"
    by_chat = defaultdict(list)
    for call in sends:
        by_chat[call.chat_id].append(call.at)
    closest = min(b - a for times in by_chat.values() for a, b in itertools.pairwise(times))
    assert closest >= 1 / CHAT_LIMIT - JITTER, f"two messages to one chat {closest:.3f} s apart"


@pytest.fixture
async def slow_telegram(telegram: FakeTelegram) -> FakeTelegram:
    telegram.set_latency(1.0)
    return telegram


async def test_sigterm_finishes_the_sends_in_hand_and_loses_nothing(
    slow_telegram: FakeTelegram, publish, make_reminders, worker_env: dict
) -> None:
    reminders = [r for _, r in await make_reminders(chats=6)]
    for reminder in reminders:
        await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    env = {**worker_env, "WORKER_PREFETCH": "2"}
    async with service_process("worker", "notifier_worker", env) as worker:
        await wait_until_healthy(worker, f"http://127.0.0.1:{env['PORT']}/health")
        await slow_telegram.wait_for_calls(1, timeout=20, method="sendMessage")
        worker.process.send_signal(signal.SIGTERM)
        assert await worker.stop(grace_seconds=10) == 0
        sent_before_stopping = len(slow_telegram.calls(method="sendMessage"))
        assert 1 <= sent_before_stopping < len(reminders), "it did not stop halfway"
        assert all(call.status == 200 for call in slow_telegram.calls(method="sendMessage"))
    # What it did not send is still queued: a new worker sends the rest, and nothing twice.
    async with service_process(
        "worker-2", "notifier_worker", {**worker_env, "WORKER_PREFETCH": "2"}
    ):
        await slow_telegram.wait_for_calls(len(reminders), timeout=30, method="sendMessage")
    chats = [call.chat_id for call in slow_telegram.calls(method="sendMessage")]
    assert sorted(chats) == sorted(r.chat_id for r in reminders)


async def test_a_worker_killed_halfway_leaves_its_reminders_to_another(
    slow_telegram: FakeTelegram, publish, make_reminders, worker_env: dict
) -> None:
    reminders = [r for _, r in await make_reminders(chats=4)]
    for reminder in reminders:
        await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    async with service_process(
        "doomed", "notifier_worker", {**worker_env, "WORKER_PREFETCH": "4"}
    ) as doomed:
        await slow_telegram.wait_for_calls(1, timeout=20, method="sendMessage")
        doomed.process.kill()
        await doomed.process.wait()
    async with service_process("heir", "notifier_worker", {**worker_env, "WORKER_PREFETCH": "4"}):
        await slow_telegram.wait_until(
            lambda: (
                {c.chat_id for c in slow_telegram.calls(method="sendMessage") if c.status == 200}
                >= {r.chat_id for r in reminders}
            ),
            timeout=60,
        )
    sent = Counter(c.chat_id for c in slow_telegram.calls(method="sendMessage") if c.status == 200)
    assert set(sent) == {r.chat_id for r in reminders}, "a reminder was lost"
    # Telegram takes no idempotency key: a send it had from the killed worker but not yet
    # answered is not known to have gone, so it may go again. Only those: prefetch at most.
    assert sent.total() - len(reminders) <= 4


async def test_sigterm_hands_back_at_once_what_waits_for_its_turn(
    telegram: FakeTelegram, publish, make_reminders, worker_env: dict
) -> None:
    # One chat, so Telegram's one a second per chat makes all but one reminder wait their turn.
    reminders = [r for _, r in await make_reminders(per_chat=10)]
    for reminder in reminders:
        await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    async with service_process("worker", "notifier_worker", worker_env) as worker:
        await wait_until_healthy(worker, f"http://127.0.0.1:{worker_env['PORT']}/health")
        await telegram.wait_for_calls(1, timeout=20, method="sendMessage")
        started = asyncio.get_running_loop().time()
        assert await worker.stop(grace_seconds=20) == 0, worker.output()
        output = worker.output()
        stopping_took = asyncio.get_running_loop().time() - started
    sent_before = len(telegram.calls(method="sendMessage"))
    assert sent_before < len(reminders)
    assert stopping_took < 5, f"the stop waited for turns instead of handing them back:\n{output}"
    async with service_process("heir", "notifier_worker", {**worker_env, "PORT": "0"}):
        await telegram.wait_for_calls(len(reminders), timeout=30, method="sendMessage")
    texts = [message["text"] for message in telegram.messages(reminders[0].chat_id)]
    assert len(texts) == len(set(texts)) == len(reminders), "each once"
