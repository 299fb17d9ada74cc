"""task-api as one chat's user sees it: the shared client, timed, with its refusals named."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram_bot.metrics import API_SECONDS
from telegram_bot.parsing import CadenceChoice, Due
from todo_shared.api_client import ApiRefused, TaskApi
from todo_shared.enums import Channel, TaskStatus, Urgency
from todo_shared.schemas import (
    Page,
    QuietHoursSetting,
    TaskCompletionPublic,
    TaskPublic,
    UserPublic,
)

OPEN_STATUSES = [TaskStatus.IN_PROGRESS, TaskStatus.NEW]


class TaskNotFound(Exception):
    """The task does not exist, or is someone else's: task-api does not say which."""

    def __init__(self, task_id: int) -> None:
        super().__init__(f"task {task_id} not found")
        self.task_id = task_id


class FieldRefused(Exception):
    """task-api refused a field of the request (422): a title too long, a moment past."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class TaskPage:
    """Some tasks of a list, and how many the whole list holds."""

    items: list[TaskPublic]
    total: int
    skip: int


class ChatApi:
    """The calls the bot makes for the user linked to one chat."""

    def __init__(self, api: TaskApi, chat_id: int) -> None:
        self._api = api
        self.chat_id = chat_id

    async def me(self) -> UserPublic | None:
        """The chat's account, or None while the chat is not linked to one."""
        try:
            with _calling("me"):
                return await self._api.me(chat_id=self.chat_id)
        except ApiRefused as refused:
            # Acting for a chat no account has, task-api answers 403 "not linked to an account".
            if refused.status == 403:
                return None
            raise

    async def start(self, language_code: str | None) -> UserPublic:
        """The chat's account, made now if it has none (and reachable again if it blocked us);
        a new one reads the language of Telegram's `language_code`, when task-api has it."""
        with _calling("account_for_chat"):
            return await self._api.account_for_chat(self.chat_id, language_code)

    async def link(self, code: str) -> UserPublic:
        """Link the chat to the account that asked for this code; FieldRefused("code") if bad."""
        with _calling("redeem_link_code"):
            return await self._api.redeem_link_code(self.chat_id, code)

    async def set_timezone(self, zone: str) -> UserPublic:
        """Change the user's time zone."""
        return await self._change_me(timezone=zone)

    async def set_language(self, language: str) -> UserPublic:
        """Change the language the user reads."""
        return await self._change_me(language=language)

    async def set_email(self, email: str | None) -> UserPublic:
        """Give the user this address (mailing it a code), or none."""
        return await self._change_me(email=email)

    async def verify_email(self, code: str) -> UserPublic:
        """Verify the user's address with the mailed code; FieldRefused("code") if it fails."""
        with _calling("verify_email"):
            return await self._api.verify_email(chat_id=self.chat_id, code=code)

    async def resend_email_code(self) -> None:
        """Mail a new code to the user's unverified address."""
        with _calling("resend_email_code"):
            await self._api.resend_email_code(chat_id=self.chat_id)

    async def set_channels(self, channels: set[Channel]) -> UserPublic:
        """Where the user's reminders go: telegram, email, both or none."""
        return await self._change_me(channels=sorted(channels))

    async def set_quiet_hours(self, quiet: QuietHoursSetting | None) -> UserPublic:
        """The user's quiet hours, or none."""
        setting = None if quiet is None else quiet.model_dump(mode="json")
        return await self._change_me(quiet_hours=setting)

    async def set_remind_before(self, delays: list[timedelta]) -> UserPublic:
        """How long before each task is due to remind the user (none: an empty list)."""
        return await self._change_me(remind_before=[int(delay.total_seconds()) for delay in delays])

    async def create_task(
        self, title: str, urgency: Urgency, *, due: Due | None = None, recurrence: str | None = None
    ) -> TaskPublic:
        """A new task; FieldRefused("title") for a title task-api does not take."""
        with _calling("create_task"):
            return await self._api.create_task(
                chat_id=self.chat_id,
                title=title,
                urgency=urgency,
                due_at=_due_json(due),
                recurrence=recurrence,
            )

    async def get_task(self, task_id: int) -> TaskPublic:
        """One of the user's tasks; TaskNotFound otherwise."""
        with _calling("get_task"):
            task = await self._api.get_task(task_id, chat_id=self.chat_id)
        if task is None:
            raise TaskNotFound(task_id)
        return task

    async def set_status(self, task_id: int, status: TaskStatus) -> TaskPublic:
        """Move a task to `status`."""
        return await self._change(task_id, status=status)

    async def set_urgency(self, task_id: int, urgency: Urgency) -> TaskPublic:
        """Change how urgent a task is."""
        return await self._change(task_id, urgency=urgency)

    async def remind_at(self, task_id: int, moment: datetime) -> TaskPublic:
        """A one-off reminder of the task at `moment`; FieldRefused("remind_at") when past."""
        return await self._change(task_id, remind_at=moment.isoformat())

    async def set_cadence(self, task_id: int, cadence: CadenceChoice) -> TaskPublic:
        """The task's own cadence, none ("off"), or its urgency's again ("urgency");
        FieldRefused("remind_every") when shorter than task-api allows."""
        if cadence == "off":
            return await self._change(task_id, cadence_off=True)
        every = None if cadence == "urgency" else int(cadence.total_seconds())
        return await self._change(task_id, cadence_off=False, remind_every=every)

    async def set_due(self, task_id: int, due: Due | None) -> TaskPublic:
        """When the task is due (a day, or a moment), or no due date."""
        return await self._change(task_id, due_at=_due_json(due))

    async def set_recurrence(self, task_id: int, rule: str | None) -> TaskPublic:
        """How the task repeats once done (an RRULE), or not at all."""
        return await self._change(task_id, recurrence=rule)

    async def completions(self, task_id: int, *, limit: int) -> Page[TaskCompletionPublic]:
        """The latest times the task was done, latest first; TaskNotFound when not the user's."""
        with _calling("list_completions", task_id):
            return await self._api.list_completions(
                task_id, chat_id=self.chat_id, skip=0, limit=limit
            )

    async def snooze_until(self, task_id: int, moment: datetime) -> TaskPublic:
        """No reminder of the task before `moment`."""
        return await self._change(task_id, snoozed_until=moment.isoformat())

    async def delete_task(self, task_id: int) -> None:
        """Delete one of the user's tasks."""
        with _calling("delete_task", task_id):
            await self._api.delete_task(task_id, chat_id=self.chat_id)

    async def open_tasks(self, *, skip: int, limit: int) -> TaskPage:
        """The tasks not done yet: those in progress first, then the new ones, oldest first."""
        started = await self._list(TaskStatus.IN_PROGRESS, skip=skip, limit=limit)
        room = limit - len(started.items)
        # task-api filters by one status, so the new tasks continue where the started ones end.
        waiting = await self._list(
            TaskStatus.NEW, skip=max(0, skip - started.total), limit=max(room, 1)
        )
        items = started.items + waiting.items[:room]
        return TaskPage(items, started.total + waiting.total, skip)

    async def done_tasks(self, *, skip: int, limit: int) -> TaskPage:
        """The tasks done, oldest first."""
        return await self._list(TaskStatus.DONE, skip=skip, limit=limit)

    async def due_tasks(self, *, skip: int, limit: int) -> TaskPage:
        """The tasks not done that have a due date, soonest due first."""
        return await self._list(
            OPEN_STATUSES, skip=skip, limit=limit, sort="due_at", has_due_date="true"
        )

    async def _list(
        self, status: TaskStatus | list[TaskStatus], *, skip: int, limit: int, **filters: Any
    ) -> TaskPage:
        """One page of the tasks with this status, or these (and `filters`)."""
        with _calling("list_tasks"):
            page = await self._api.list_tasks(
                chat_id=self.chat_id, status=status, skip=skip, limit=limit, **filters
            )
        return TaskPage(page.items, page.total, skip)

    async def _change_me(self, **changes: Any) -> UserPublic:
        """PATCH the user's settings with `changes`."""
        with _calling("update_me"):
            return await self._api.update_me(chat_id=self.chat_id, **changes)

    async def _change(self, task_id: int, **changes: Any) -> TaskPublic:
        """PATCH the task with `changes`; TaskNotFound when it is not the user's."""
        with _calling("update_task", task_id):
            return await self._api.update_task(task_id, chat_id=self.chat_id, **changes)


def _due_json(due: Due | None) -> str | None:
    """A due day ("2026-12-20") or moment as task-api reads it."""
    return None if due is None else due.isoformat()


@contextmanager
def _calling(operation: str, task_id: int | None = None) -> Iterator[None]:
    """Time a task-api call, and turn the refusals the bot explains into its own errors."""
    with API_SECONDS.labels(operation).time():
        try:
            yield
        except ApiRefused as refused:
            if refused.status == 404 and task_id is not None:
                raise TaskNotFound(task_id) from refused
            if refused.status == 422 and (field := _refused_field(refused.detail)):
                raise FieldRefused(*field) from refused
            raise


def _refused_field(detail: Any) -> tuple[str, str] | None:
    """The field a 422 names first, and why it was refused."""
    if not isinstance(detail, list) or not detail or not isinstance(detail[0], dict):
        return None
    location = detail[0].get("loc") or [""]
    return str(location[-1]), str(detail[0].get("msg", ""))
