"""What becomes of one reminder: sent, skipped, sent again later, or given up on.

The same for every channel: the channel's sender sends, and says how a send failed in the
channel-neutral words of `notifier_worker.sending`.
"""

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from notifier_worker.batching import Gathered
from notifier_worker.deliveries import Begin, Begun, DeliveryLog
from notifier_worker.due import reason_not_to_send
from notifier_worker.rate_limit import RateLimiter
from notifier_worker.sending import (
    AnyReminder,
    PermanentFailure,
    RecipientUnreachable,
    RetryAfter,
    Sender,
    TransientFailure,
)
from todo_shared.api_client import ApiRefused, ApiUnavailable, TaskApi

log = logging.getLogger(__name__)

IN_FLIGHT_RETRY_SECONDS = 30
"""When another worker holds a reminder, look again after this long."""


@dataclass(frozen=True)
class Outcome:
    """How to settle a message: ack it, send it again after `delay`, hand it back to the queue
    at once (`requeue`), or dead-letter it."""

    kind: Literal["sent", "skipped", "retry", "requeue", "dead"]
    reason: str = ""
    delay: float = 0.0
    failed_send: bool = False  # the retry is for a failed send, and counts as an attempt


class ReminderHandler:
    """Sends one reminder, once, within its channel's limits, and records it in task-api."""

    def __init__(
        self,
        api: TaskApi,
        sender: Sender,
        limiter: RateLimiter,
        deliveries: DeliveryLog,
        *,
        lease_seconds: float,
        stopping: asyncio.Event,
    ) -> None:
        self._api = api
        self._tasks = Gathered(api.find_tasks)
        self._records = Gathered(self._record_all)
        self._hand_backs = Gathered(self._hand_back_all)
        self._sender = sender
        self._limiter = limiter
        self._deliveries = deliveries
        self._lease = lease_seconds
        self._stopping = stopping

    async def handle(self, reminder: AnyReminder) -> Outcome:
        """Deliver the reminder; what to do with its message."""
        begun = await self._deliveries.begin(reminder.task_id, reminder.reminder_id, self._lease)
        if begun.state is Begin.IN_FLIGHT:
            reason = "another worker is sending a reminder of this task"
            return Outcome("retry", reason, IN_FLIGHT_RETRY_SECONDS)
        try:
            if begun.state is Begin.SENT:
                assert begun.sent_at is not None
                return await self._record(reminder, begun.sent_at, "sent already; recorded again")
            return await self._send(reminder, begun)
        except ApiUnavailable as error:
            return Outcome("retry", f"task-api unavailable: {error}")
        except ApiRefused as error:  # our secret is wrong or lacks a scope: settings to fix
            log.error("task-api refused the worker", extra={"error": str(error)})
            return Outcome("retry", f"task-api refused: {error}")
        finally:
            # Only now: a reminder of this task claimed again must find it recorded, not due.
            await self._deliveries.release(reminder.task_id, reminder.reminder_id)

    async def give_up(self, reminder: AnyReminder) -> None:
        """Hand the task of a reminder given up on (dead-lettered) back to task-api, not to be
        offered again for its due moment."""
        await self._hand_back(reminder, given_up=True)

    async def _send(self, reminder: AnyReminder, begun: Begun) -> Outcome:
        if not await self._limiter.wait_turn(self._sender.recipient(reminder), self._stopping):
            # Not in flight yet: another worker sends it, rather than this one's stop waiting.
            return Outcome("requeue", "the worker is stopping")
        reason_to_skip = await self._checked_in_turn(reminder, begun)
        if reason_to_skip:
            return await self._skip(reminder, reason_to_skip)
        failure = await self._send_in_turn(reminder)
        if failure:
            return failure
        sent_at = datetime.now(UTC)
        await self._deliveries.sent(reminder.task_id, reminder.reminder_id, sent_at)
        return await self._record(reminder, sent_at, "sent")

    async def _send_in_turn(self, reminder: AnyReminder) -> Outcome | None:
        """Send the message in the turn taken for it; how it failed, if it did."""
        name = self._sender.name
        try:
            await self._sender.send(reminder)
        except RetryAfter as error:
            await self._limiter.pause_everyone(error.seconds)
            return Outcome("retry", f"{name} {error}", error.seconds)
        except RecipientUnreachable as error:
            await self._sender.mark_unreachable(self._api, reminder)
            return await self._skip(reminder, f"recipient unreachable: {error}")
        except PermanentFailure as error:
            return Outcome("dead", f"{name} refused the message: {error}")
        except TransientFailure as error:
            return Outcome("retry", f"{name} failed: {error}", failed_send=True)
        finally:
            await self._limiter.turn_over(self._sender.recipient(reminder))
        return None

    async def _checked_in_turn(self, reminder: AnyReminder, begun: Begun) -> str | None:
        """Why not to send the reminder, if so; asked once its turn has come, so that the answer
        holds when the message goes however long the turn took. A turn left unused goes to the
        recipient's next reminder at once."""
        sending = False
        try:
            task = await self._tasks.ask(reminder.task_id)
            reason = reason_not_to_send(
                task, reminder.due_at, now=datetime.now(UTC), sent_here_at=begun.task_sent_at
            )
            sending = reason is None
            return reason
        finally:
            if not sending:
                await self._limiter.give_back(self._sender.recipient(reminder))

    async def _skip(self, reminder: AnyReminder, reason: str) -> Outcome:
        """Hand the task of a reminder not sent back to task-api at once (its claim's lease
        ends), so that it is claimed again whenever it is due again."""
        await self._hand_back(reminder, given_up=False)
        return Outcome("skipped", reason)

    async def _record(self, reminder: AnyReminder, sent_at: datetime, what: str) -> Outcome:
        """Tell task-api the reminder went out, which moves the task's next one."""
        try:
            recorded = await self._records.ask((reminder.task_id, sent_at))
        except ApiUnavailable as error:
            # Noted as sent: when the message comes back, only the record is tried again.
            return Outcome("retry", f"sent, but task-api unavailable to record it: {error}")
        if not recorded:
            return Outcome("sent", f"{what}; the task was deleted meanwhile")
        return Outcome("sent", what)

    async def _record_all(
        self, sent: list[tuple[int, datetime]]
    ) -> dict[tuple[int, datetime], bool]:
        recorded = await self._api.record_reminders(sent)
        return {reminder: reminder[0] in recorded for reminder in sent}

    async def _hand_back(self, reminder: AnyReminder, *, given_up: bool) -> None:
        """End the claim's lease of the reminder's task now. Should task-api not take it, the
        lease runs out instead, as it would for a worker that died: the reminder may come once
        more, which is no reason to hold up (or send again) this one."""
        try:
            await self._hand_backs.ask((reminder.task_id, reminder.due_at, given_up))
        except (ApiUnavailable, ApiRefused) as error:
            log.warning(
                "could not hand a reminder's task back to task-api",
                extra={"task_id": reminder.task_id, "given_up": given_up, "error": str(error)},
            )

    async def _hand_back_all(
        self, unsent: list[tuple[int, datetime, bool]]
    ) -> dict[tuple[int, datetime, bool], bool]:
        handed_back = await self._api.hand_back_reminders(unsent)
        return {reminder: reminder[0] in handed_back for reminder in unsent}
