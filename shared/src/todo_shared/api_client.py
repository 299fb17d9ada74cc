"""The typed task-api client the other services use: one HTTP session, the service's secret.

aiohttp rather than httpx: a worker calls task-api up to twice per reminder (fewer when it
gathers them, see notifier_worker.batching), and httpx took 1.9 ms of CPU per request on this
team's machines against 0.25 ms for aiohttp (measured).
"""

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import aiohttp
from pydantic import BaseModel

from todo_shared.logs import REQUEST_ID_HEADER, request_id
from todo_shared.schemas import (
    ACT_FOR_CHAT_HEADER,
    ClaimedReminders,
    Page,
    RecordedReminders,
    TaskCompletionPublic,
    TaskPublic,
    UserPublic,
    VerificationSent,
)

Model = TypeVar("Model", bound=BaseModel)


class ApiUnavailable(Exception):
    """task-api could not be reached, or answered 5xx: worth trying again later."""


class ApiRefused(Exception):
    """task-api refused the request (4xx); `status` and `detail` say why."""

    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(f"task-api answered {status}: {detail}")
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes


class TaskApi:
    """Calls task-api as a service; with `chat_id`, acts for the user linked to that chat."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 10.0) -> None:
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def aclose(self) -> None:
        """Close the connections."""
        if self._session is not None:
            await self._session.close()

    async def claim(self, *, limit: int, lease_seconds: int) -> ClaimedReminders:
        """Lease the reminders due now, and learn when the next falls due (the producer's scope)."""
        body = {"limit": limit, "lease_seconds": lease_seconds}
        return await self._call("POST", "/api/v1/notifications/claim", ClaimedReminders, json=body)

    async def get_task(self, task_id: int, *, chat_id: int | None = None) -> TaskPublic | None:
        """The task, or None when it does not exist (or is not the caller's to see)."""
        try:
            return await self._call("GET", f"/api/v1/tasks/{task_id}", TaskPublic, chat_id=chat_id)
        except ApiRefused as refused:
            if refused.status == 404:
                return None
            raise

    async def find_tasks(self, task_ids: Collection[int]) -> dict[int, TaskPublic]:
        """The tasks of these ids (at most 1,000) that exist, by id (the worker's scope)."""
        params = [("task_id", task_id) for task_id in task_ids]
        params.append(("limit", len(task_ids)))
        page = await self._call("GET", "/api/v1/tasks", Page[TaskPublic], params=params)
        return {task.id: task for task in page.items}

    async def record_reminders(self, sent: Collection[tuple[int, datetime]]) -> set[int]:
        """Record reminders sent (task id, moment), at most 1,000, which moves each task's next
        one (the worker's scope); the ids of the tasks recorded, the others being deleted."""
        body = {
            "reminders": [
                {"task_id": task_id, "sent_at": sent_at.isoformat()} for task_id, sent_at in sent
            ]
        }
        answer = await self._call(
            "POST", "/api/v1/notifications/sent", RecordedReminders, json=body
        )
        return set(answer.recorded)

    async def hand_back_reminders(self, unsent: Collection[tuple[int, datetime, bool]]) -> set[int]:
        """Hand back the tasks of reminders not sent (task id, due moment, given up on), at most
        1,000: each claim's lease ends, and a reminder given up on is not offered again for its
        due moment (the worker's scope); the ids of the tasks that exist."""
        body = {
            "reminders": [
                {"task_id": task_id, "due_at": due_at.isoformat(), "given_up": given_up}
                for task_id, due_at, given_up in unsent
            ]
        }
        answer = await self._call(
            "POST", "/api/v1/notifications/unsent", RecordedReminders, json=body
        )
        return set(answer.recorded)

    async def mark_chat_unreachable(self, user_id: int) -> UserPublic:
        """Say the user's chat blocked the bot: no reminders until it starts the bot again."""
        return await self._call("POST", f"/api/v1/users/{user_id}/telegram-unreachable", UserPublic)

    async def mark_email_unreachable(self, user_id: int, email: str) -> UserPublic:
        """Say mail to the user's address bounced for good (no such mailbox): no reminders by
        email until they verify it again. An address they have changed since is left alone."""
        body = {"email": email}
        return await self._call(
            "POST", f"/api/v1/users/{user_id}/email-unreachable", UserPublic, json=body
        )

    async def account_for_chat(self, chat_id: int, language_code: str | None = None) -> UserPublic:
        """The account of a chat that started the bot, made if new, reading the language of
        Telegram's `language_code` of whoever started it (the bot's scope)."""
        body = {"chat_id": chat_id, "language_code": language_code}
        return await self._call("POST", "/api/v1/telegram/accounts", UserPublic, json=body)

    async def redeem_link_code(self, chat_id: int, code: str) -> UserPublic:
        """Link the chat to the account whose link code this is (the bot's scope)."""
        body = {"chat_id": chat_id, "code": code}
        return await self._call("POST", "/api/v1/telegram/links", UserPublic, json=body)

    async def list_tasks(self, *, chat_id: int, **filters: Any) -> Page[TaskPublic]:
        """The tasks of the chat's user (filters: status, one or a list; urgency, has_due_date,
        due_before, due_after, sort, skip, limit)."""
        params = {name: value for name, value in filters.items() if value is not None}
        return await self._call(
            "GET", "/api/v1/tasks", Page[TaskPublic], chat_id=chat_id, params=params
        )

    async def list_completions(
        self, task_id: int, *, chat_id: int, skip: int, limit: int
    ) -> Page[TaskCompletionPublic]:
        """When a task of the chat's user was done, latest first."""
        return await self._call(
            "GET",
            f"/api/v1/tasks/{task_id}/completions",
            Page[TaskCompletionPublic],
            chat_id=chat_id,
            params={"skip": skip, "limit": limit},
        )

    async def create_task(self, *, chat_id: int, **fields: Any) -> TaskPublic:
        """A new task of the chat's user."""
        return await self._call("POST", "/api/v1/tasks", TaskPublic, chat_id=chat_id, json=fields)

    async def update_task(self, task_id: int, *, chat_id: int, **changes: Any) -> TaskPublic:
        """PATCH a task of the chat's user."""
        return await self._call(
            "PATCH", f"/api/v1/tasks/{task_id}", TaskPublic, chat_id=chat_id, json=changes
        )

    async def delete_task(self, task_id: int, *, chat_id: int) -> None:
        """Delete a task of the chat's user."""
        await self._send("DELETE", f"/api/v1/tasks/{task_id}", chat_id=chat_id)

    async def me(self, *, chat_id: int) -> UserPublic:
        """The account of the chat's user."""
        return await self._call("GET", "/api/v1/users/me", UserPublic, chat_id=chat_id)

    async def update_me(self, *, chat_id: int, **changes: Any) -> UserPublic:
        """Change the chat's user's settings: email, time zone, quiet hours, remind_before."""
        return await self._call(
            "PATCH", "/api/v1/users/me", UserPublic, chat_id=chat_id, json=changes
        )

    async def verify_email(self, *, chat_id: int, code: str) -> UserPublic:
        """Verify the chat's user's address with the code mailed to it."""
        path = "/api/v1/users/me/email/verification"
        return await self._call("POST", path, UserPublic, chat_id=chat_id, json={"code": code})

    async def resend_email_code(self, *, chat_id: int) -> VerificationSent:
        """Mail a new code to the chat's user's unverified address."""
        path = "/api/v1/users/me/email/verification/resend"
        return await self._call("POST", path, VerificationSent, chat_id=chat_id)

    async def _call(self, method: str, path: str, answer: type[Model], **request: Any) -> Model:
        response = await self._send(method, path, **request)
        return answer.model_validate_json(response.body)

    async def _send(
        self, method: str, path: str, *, chat_id: int | None = None, **request: Any
    ) -> _Answer:
        if self._session is None:  # made here, where an event loop runs, as aiohttp wants
            self._session = aiohttp.ClientSession(headers=self._headers, timeout=self._timeout)
        headers = {ACT_FOR_CHAT_HEADER: str(chat_id)} if chat_id is not None else {}
        if (current := request_id.get()) is not None:
            headers[REQUEST_ID_HEADER] = current
        try:
            async with self._session.request(
                method, self._base_url + path, headers=headers, **request
            ) as response:
                answer = _Answer(response.status, await response.read())
        except (aiohttp.ClientError, TimeoutError) as error:
            raise ApiUnavailable(f"task-api could not be reached: {error!r}") from error
        if answer.status >= 500:
            raise ApiUnavailable(f"task-api answered {answer.status}")
        if answer.status >= 400:
            raise ApiRefused(answer.status, _detail(answer.body))
        return answer


def _detail(body: bytes) -> Any:
    try:
        return json.loads(body).get("detail")
    except (ValueError, AttributeError):
        return body.decode(errors="replace")
