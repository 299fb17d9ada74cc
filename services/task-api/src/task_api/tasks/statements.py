"""The statements that write tasks and their events: SQLAlchemy Core, compiled once for asyncpg.

Only `tasks.store` runs them.
"""

from dataclasses import fields

from sqlalchemy import (
    BigInteger,
    and_,
    any_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as upsert

from task_api.db import CompiledQuery
from task_api.outbox import OutboxEvent
from task_api.tasks.models import Task, TaskCompletion, claimable_at
from task_api.tasks.record import TaskRecord
from task_api.users.models import User
from todo_shared.enums import TaskStatus

COLUMNS = [f.name for f in fields(TaskRecord) if f.name not in ("id", "user")]
"""The columns a `TaskRecord` holds and writes back."""
OWNER = [
    User.username,
    User.timezone,
    User.telegram_chat_id,
    User.telegram_unreachable,
    User.quiet_hours_start,
    User.quiet_hours_end,
    User.quiet_hours_let_very_urgent_through,
    User.remind_before.label("owner_remind_before"),
    User.language,
    User.remind_by_telegram,
    User.remind_by_email,
    and_(User.email.is_not(None), User.email_verified_at.is_not(None)).label("email_verified"),
]

LOCKED_WITH_OWNER = (
    select(Task.__table__, *OWNER).join(User, User.id == Task.user_id).with_for_update(of=Task)
)
LOAD = CompiledQuery.of(LOCKED_WITH_OWNER.where(Task.id == bindparam("task_id")))
# In the order of their ids, so that two transactions locking some of the same tasks wait for
# each other instead of deadlocking.
LOAD_MANY = CompiledQuery.of(
    LOCKED_WITH_OWNER.where(
        Task.id == any_(bindparam("task_ids", type_=ARRAY(BigInteger)))
    ).order_by(Task.id)
)
LOAD_OWNED = CompiledQuery.of(
    LOCKED_WITH_OWNER.where(Task.user_id == bindparam("user_id")).order_by(Task.id)
)
LOAD_OPEN = CompiledQuery.of(
    LOCKED_WITH_OWNER.where(
        Task.user_id == bindparam("user_id"), Task.status != TaskStatus.DONE.value
    ).order_by(Task.id)
)
LOAD_OWNER = CompiledQuery.of(select(User.id, *OWNER).where(User.id == bindparam("user_id")))
LOCK_OWNER = CompiledQuery.of(
    select(User.id, *OWNER).where(User.id == bindparam("user_id")).with_for_update()
)
INSERT = CompiledQuery.of(
    insert(Task).values({name: bindparam(name) for name in COLUMNS}).returning(Task.id)
)
SAVE = CompiledQuery.of(
    update(Task)
    .where(Task.id == bindparam("task_id"))
    .values({name: bindparam(name) for name in COLUMNS})
)
DELETE = CompiledQuery.of(delete(Task).where(Task.id == bindparam("task_id")))
COUNT_ACTIVE = CompiledQuery.of(
    select(func.count())
    .select_from(Task)
    .where(Task.user_id == bindparam("user_id"), Task.status != TaskStatus.DONE.value)
)
RECORD_COMPLETION = CompiledQuery.of(
    insert(TaskCompletion).values(
        {
            name: bindparam(name)
            for name in (
                "task_id",
                "completed_at",
                "completed_by",
                "due_at",
                "due_date",
                "time_spent_seconds",
            )
        }
    )
)
RECORD_EVENT = CompiledQuery.of(
    insert(OutboxEvent).values(
        event_id=bindparam("event_id"),
        routing_key=bindparam("routing_key"),
        body=bindparam("body"),
        created_at=bindparam("created_at"),
    )
)


def _import_statement() -> CompiledQuery:
    """Insert a task under its source id, or update the one there if its title or status moved.

    Returns the row written (none when nothing changed), with `inserted` true for a new one.
    """
    source = ("import_source", "import_source_id")
    statement = upsert(Task).values({name: bindparam(name) for name in (*COLUMNS, *source)})
    excluded = statement.excluded
    return CompiledQuery.of(
        statement.on_conflict_do_update(
            index_elements=[Task.import_source, Task.import_source_id],
            index_where=Task.import_source.is_not(None),
            set_={
                "title": excluded.title,
                "status": excluded.status,
                "completed_at": excluded.completed_at,
                "updated_at": excluded.updated_at,
            },
            where=(Task.title != excluded.title) | (Task.status != excluded.status),
        ).returning(*Task.__table__.c, literal_column("xmax = 0").label("inserted"))
    )


IMPORT = _import_statement()


def _claim_statement() -> CompiledQuery:
    due_ids = (
        select(Task.id)
        .where(Task.next_notification_at.is_not(None), claimable_at <= bindparam("now"))
        .order_by(claimable_at)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True)
    )
    # `id = ANY(ARRAY(...))` pins the plan to primary-key lookups. Joined to a subquery instead,
    # the planner hashed the whole table while it was small (25 ms at 100,000 tasks, growing
    # with the table until the plan flipped), which is what this claim must never do.
    due = any_(func.array(due_ids.scalar_subquery(), type_=ARRAY(BigInteger)))
    task = Task.__table__.c
    # The reminder is the one-off `remind_at` when that is what fell due: not yet reminded of,
    # and due now (or moved later by the person's quiet hours).
    last = func.coalesce(
        func.greatest(task.last_notification, task.reminder_given_up_at),
        literal_column("'-infinity'::timestamptz"),
    )
    one_off = case(
        (
            and_(task.remind_at <= task.next_notification_at, task.remind_at > last),
            task.remind_at,
        )
    )
    # Each channel only when it reaches the person (as `Owner.reached_by_telegram` and
    # `reached_by_email` say): the notifier sends to what it is given.
    chat = case(
        (and_(User.remind_by_telegram, User.telegram_unreachable.is_(False)), User.telegram_chat_id)
    )
    address = case((and_(User.remind_by_email, User.email_verified_at.is_not(None)), User.email))
    return CompiledQuery.of(
        update(Task.__table__)
        .where(task.id == due, User.id == task.user_id)
        .values(lease_expires_at=bindparam("lease_end"))
        .returning(
            task.id.label("task_id"),
            task.user_id,
            chat.label("telegram_chat_id"),
            address.label("email_address"),
            task.title,
            task.urgency,
            task.created_at,
            one_off.label("remind_at"),
            task.next_notification_at.label("due_at"),
            task.due_at.label("task_due_at"),
            User.language,
        )
    )


CLAIM = _claim_statement()
# A range scan of `ix_task_claimable_at` stopping at its first row: cheap however many tasks.
NEXT_CLAIMABLE = CompiledQuery.of(
    select(claimable_at)
    .where(Task.next_notification_at.is_not(None))
    .order_by(claimable_at)
    .limit(1)
)
