"""What can be done with tasks: each function is one transaction, within the caller's rights;
one given the writes of a transaction (`TaskWrites`) is part of the caller's.

A person reaches only their own tasks; another person's task answers 404, as if it did not
exist. Admins reach every task. The notifier reads any task and records reminders on it.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import asyncpg

from task_api.auth.principal import Principal, Scope
from task_api.errors import Conflict, Forbidden, InvalidField, NotFound
from task_api.tasks import queries
from task_api.tasks.domain import Completion, change_status, complete, reschedule, set_due
from task_api.tasks.record import TaskRecord
from task_api.tasks.rules import TaskRules
from task_api.tasks.store import TaskStore, TaskWrites
from todo_shared.enums import TaskStatus
from todo_shared.events import TaskEventType
from todo_shared.i18n import message_of
from todo_shared.recurrence import Occurrence, first_occurrence
from todo_shared.schemas import (
    PageQuery,
    TaskCompletionPublic,
    TaskCreate,
    TaskPublic,
    TaskQuery,
)
from todo_shared.timezones import to_utc

PLAIN_FIELDS = (
    "title",
    "description",
    "urgency",
    "remind_every",
    "cadence_off",
    "remind_before",
    "recurrence",
)
FUTURE_MOMENTS = ("remind_at", "snoozed_until")
REMINDER_FIELDS = {"last_notification"}


async def create_task(
    store: TaskStore, rules: TaskRules, principal: Principal, data: TaskCreate, *, now: datetime
) -> TaskPublic:
    """Add a task for the caller (or, for an admin, any user) and schedule its first reminder."""
    owner_id = data.user_id if principal.is_admin and data.user_id else principal.user_id
    assert owner_id is not None, "routes that create tasks act for a person"
    async with store.transaction() as tx:
        # With a limit, locking the owner makes concurrent creations count active tasks one at a
        # time; without one, the lock would only queue a person's creations behind each other.
        owner = await tx.owner(owner_id, lock=bool(rules.max_active_tasks))
        if owner is None:
            raise InvalidField(
                ["body", "user_id"], "there is no user with id {user_id}", user_id=owner_id
            )
        if data.status != TaskStatus.DONE:
            await _refuse_over_the_limit(tx, rules, owner.id)
        task = TaskRecord(
            title=data.title,
            description=data.description,
            urgency=data.urgency,
            status=TaskStatus.NEW,
            user_id=owner.id,
            user=owner,
            created_at=now,
            updated_at=now,
        )
        changes = data.model_dump(exclude={"title", "description", "urgency", "user_id"})
        completion = _apply_changes(task, changes, rules, actor_id=owner_id, now=now)
        await tx.insert(task)
        if completion is not None:
            await tx.record_completion(task, completion)
        await tx.announce(TaskEventType.CREATED, task, now=now)
    return task.public()


async def get_task(pool: asyncpg.Pool, principal: Principal, task_id: int) -> TaskPublic:
    """A task the caller may see, with its owner; 404 for any other."""
    task = await queries.find_task(pool, task_id)
    if task is None or not principal.may_reach(task.user_id, Scope.READ_TASKS):
        raise NotFound("task {task_id} not found", task_id=task_id)
    return task


async def list_completions(
    pool: asyncpg.Pool, principal: Principal, task_id: int, page: PageQuery
) -> tuple[list[TaskCompletionPublic], int]:
    """When a task the caller may see was done, latest first; 404 for any other task."""
    await get_task(pool, principal, task_id)
    return await queries.list_completions(pool, task_id, skip=page.skip, limit=page.limit)


async def list_tasks(
    pool: asyncpg.Pool, principal: Principal, query: TaskQuery
) -> tuple[list[TaskPublic], int]:
    """The caller's tasks matching `query` (anyone's, for admins and the notifier)."""
    if not principal.can_see_all(Scope.READ_TASKS):
        if principal.user_id is None:
            raise Forbidden("this service may not list tasks")
        query = query.model_copy(update={"user_id": principal.user_id})
    return await queries.list_tasks(pool, query)


async def update_task(
    store: TaskStore,
    rules: TaskRules,
    principal: Principal,
    task_id: int,
    changes: dict[str, Any],
    *,
    now: datetime,
) -> TaskPublic:
    """Change the given fields of a task, recording status moves and rescheduling it."""
    async with store.transaction() as tx:
        task = await tx.load(task_id)
        if task is None:
            raise NotFound("task {task_id} not found", task_id=task_id)
        _check_may_change(principal, task, changes, task_id)
        new_status = _wanted_status(task, changes)
        if task.status == TaskStatus.DONE and new_status not in (None, TaskStatus.DONE):
            await _refuse_over_the_limit(tx, rules, task.user_id)
        actor_id = principal.user_id if principal.user_id is not None else task.user_id
        await change_loaded_task(tx, rules, task, changes, actor_id=actor_id, now=now)
    return task.public()


async def change_loaded_task(
    tx: TaskWrites,
    rules: TaskRules,
    task: TaskRecord,
    changes: dict[str, Any],
    *,
    actor_id: int,
    now: datetime,
) -> None:
    """Change a task loaded (and locked) in this transaction as PATCH does, its rights checked
    by the caller: its status moves and completions are recorded, it is rescheduled (a repeating
    task done moves to its next occurrence), saved and announced."""
    completion = _apply_changes(task, changes, rules, actor_id=actor_id, now=now)
    await tx.save(task)
    if completion is not None:
        await tx.record_completion(task, completion)
    await tx.announce(TaskEventType.UPDATED, task, now=now)


async def record_reminders(
    store: TaskStore, rules: TaskRules, sent: Mapping[int, datetime], *, now: datetime
) -> list[int]:
    """Record the reminders sent (task id to moment), each as PATCHing `last_notification`
    would, in one transaction; the ids of the tasks that exist (and were recorded).

    Each channel records the same reminder, in any order, so `last_notification` only moves
    forward: a channel that sent earlier, or late, never makes the task look less reminded."""
    async with store.transaction() as tx:
        tasks = await tx.load_many(list(sent))
        for task in tasks:
            latest = max(sent[task.id], task.last_notification or sent[task.id])
            changes = {"last_notification": latest}
            _apply_changes(task, changes, rules, actor_id=task.user_id, now=now)
        await tx.save_many(tasks)
        await tx.announce_many(TaskEventType.UPDATED, tasks, now=now)
    return [task.id for task in tasks]


async def hand_back_reminders(
    store: TaskStore, rules: TaskRules, given_up: Mapping[int, datetime | None], *, now: datetime
) -> list[int]:
    """End the claim's lease of each task (task id to the due moment of a reminder given up
    on, or None for one only skipped), in one transaction; a task whose reminder was given up
    on is due next when the schedule says after that moment. The ids of the tasks that exist."""
    async with store.transaction() as tx:
        tasks = await tx.load_many(list(given_up))
        moved = []
        for task in tasks:
            task.lease_expires_at = None
            moment = given_up[task.id]
            if moment is not None and _give_up_reminder(task, moment, rules, now=now):
                moved.append(task)
        await tx.save_many(tasks)
        await tx.announce_many(TaskEventType.UPDATED, moved, now=now)
    return [task.id for task in tasks]


async def delete_task(
    store: TaskStore, principal: Principal, task_id: int, *, now: datetime
) -> None:
    """Delete a task of the caller's (any task, for an admin); 404 for any other."""
    async with store.transaction() as tx:
        task = await tx.load(task_id)
        if task is None or not (principal.owns(task.user_id) or principal.is_admin):
            raise NotFound("task {task_id} not found", task_id=task_id)
        await tx.announce(TaskEventType.DELETED, task, now=now)
        await tx.delete(task)


async def reschedule_open_tasks(
    tx: TaskWrites, rules: TaskRules, owner_id: int, *, now: datetime
) -> None:
    """Recompute the next reminder of each of the owner's tasks not done, as their chat, zone,
    quiet hours and habits now say; a task due by the end of a day is due by its end in the
    owner's zone now."""
    moved = []
    for task in await tx.load_of_owner(owner_id, open_only=True):
        due_at = task.due_at
        if task.due_date is not None:
            set_due(task, task.due_date, zone=rules.zone_of(task.user))
        rescheduled = reschedule(task, rules.recipient(task.user), schedule=rules.schedule, now=now)
        if rescheduled or task.due_at != due_at:
            moved.append(task)
    await tx.save_many(moved)
    await tx.announce_many(TaskEventType.UPDATED, moved, now=now)


async def hand_over_tasks(tx: TaskWrites, from_id: int, *, to_id: int, now: datetime) -> None:
    """Give every task of one user to another."""
    new_owner = await tx.owner(to_id)
    assert new_owner is not None, "tasks are handed over to a user who exists"
    tasks = await tx.load_of_owner(from_id, open_only=False)
    for task in tasks:
        task.user_id, task.user, task.updated_at = to_id, new_owner, now
    await tx.save_many(tasks)
    await tx.announce_many(TaskEventType.UPDATED, tasks, now=now)


def _check_may_change(
    principal: Principal, task: TaskRecord, changes: dict[str, Any], task_id: int
) -> None:
    if principal.owns(task.user_id) or principal.is_admin:
        return
    if Scope.RECORD_REMINDERS in principal.scopes:
        if changes.keys() <= REMINDER_FIELDS:
            return
        raise Forbidden("the notifier may only record reminders (last_notification)")
    raise NotFound("task {task_id} not found", task_id=task_id)


async def _refuse_over_the_limit(tx: TaskWrites, rules: TaskRules, user_id: int) -> None:
    if not rules.max_active_tasks:
        return
    if await tx.count_active(user_id) >= rules.max_active_tasks:
        raise Conflict(
            "the limit of {limit} active tasks is reached; finish or delete one first",
            limit=rules.max_active_tasks,
        )


def _apply_changes(
    task: TaskRecord,
    changes: dict[str, Any],
    rules: TaskRules,
    *,
    actor_id: int,
    now: datetime,
) -> Completion | None:
    """Change `task` as asked and reschedule it; the completion, when it became done."""
    zone = rules.zone_of(task.user)
    new_status = _wanted_status(task, changes)
    for field in PLAIN_FIELDS:
        if field in changes:
            setattr(task, field, changes[field])
    if "due_at" in changes:
        set_due(task, _read_due(changes["due_at"], zone), zone=zone)
    if task.recurrence is not None and task.due_at is None:
        set_due(task, _first_occurrence(task.recurrence, now=now, zone=zone), zone=zone)
    for field in FUTURE_MOMENTS:
        if field in changes:
            moment = _read_moment(changes[field], field, zone)
            if moment is not None and moment != getattr(task, field) and moment <= now:
                raise InvalidField(["body", field], "{field} is in the past", field=field)
            setattr(task, field, moment)
    if "last_notification" in changes:
        task.last_notification = _read_moment(
            changes["last_notification"], "last_notification", zone
        )
        task.lease_expires_at = None  # the reminder is recorded, so its lease has done its job
    completion = None
    if new_status == TaskStatus.DONE and not task.completed:
        completion = complete(task, actor_id=actor_id, now=now, zone=zone)
    elif new_status is not None:
        change_status(task, new_status, actor_id=actor_id, now=now)
    task.updated_at = now
    reschedule(task, rules.recipient(task.user), schedule=rules.schedule, now=now)
    return completion


def _give_up_reminder(
    task: TaskRecord, due_at: datetime, rules: TaskRules, *, now: datetime
) -> bool:
    """Note the reminder due at `due_at` given up on; True when that moved the next one."""
    if task.reminder_given_up_at is not None and task.reminder_given_up_at >= due_at:
        return False
    task.reminder_given_up_at = due_at
    if not reschedule(task, rules.recipient(task.user), schedule=rules.schedule, now=now):
        return False
    task.updated_at = now
    return True


def _wanted_status(task: TaskRecord, changes: dict[str, Any]) -> TaskStatus | None:
    """The status asked for, reading `completed: true` as done and `false` as not done."""
    status: TaskStatus | None = changes.get("status")
    completed: bool | None = changes.get("completed")
    if completed is None:
        return status
    if status is not None:
        if (status == TaskStatus.DONE) != completed:
            raise InvalidField(
                ["body", "completed"],
                "completed={completed} contradicts status",
                completed=completed,
            )
        return status
    if completed:
        return TaskStatus.DONE
    return TaskStatus.NEW if task.status == TaskStatus.DONE else None


def _read_due(value: date | datetime | None, zone: str) -> Occurrence | None:
    """A due date as given, or a due moment in UTC (read in the user's zone without offset)."""
    if isinstance(value, datetime):
        return _read_moment(value, "due_at", zone)
    return value


def _first_occurrence(rule: str, *, now: datetime, zone: str) -> Occurrence:
    """When a repeating task given no due date is first due."""
    first = first_occurrence(rule, now=now, zone=zone)
    if first is None:
        raise InvalidField(["body", "recurrence"], "the rule has no occurrence left")
    return first


def _read_moment(value: datetime | None, field: str, zone: str) -> datetime | None:
    """A moment from the client in UTC; one without an offset is read in the user's zone."""
    if value is None:
        return None
    try:
        return to_utc(value, zone)
    except ValueError as error:
        raise InvalidField(["body", field], message_of(error)) from error
