"""What a change of status records, case by case."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from task_api.tasks.domain import change_status
from todo_shared.enums import TaskStatus

OWNER, ACTOR, OTHER = 1, 2, 3
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=5)


@dataclass
class Task:
    status: TaskStatus = TaskStatus.NEW
    assignee_id: int | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    time_spent_seconds: int = 0


IN_PROGRESS = {"status": TaskStatus.IN_PROGRESS, "assignee_id": OTHER, "started_at": T0}
DONE = {**IN_PROGRESS, "status": TaskStatus.DONE, "completed_at": T0 + timedelta(hours=1)}

CASES = [
    # (what, before, new status, expected fields after)
    (
        "starting records the start and the acting user",
        {},
        TaskStatus.IN_PROGRESS,
        {"started_at": NOW, "assignee_id": ACTOR, "completed_at": None},
    ),
    (
        "an assignee already there stays",
        {"assignee_id": OTHER},
        TaskStatus.IN_PROGRESS,
        {"assignee_id": OTHER, "started_at": NOW},
    ),
    (
        "finishing records the end and the time since the start",
        IN_PROGRESS,
        TaskStatus.DONE,
        {"completed_at": NOW, "time_spent_seconds": 5 * 3600, "started_at": T0},
    ),
    (
        "done straight from new took no time",
        {},
        TaskStatus.DONE,
        {"started_at": NOW, "completed_at": NOW, "time_spent_seconds": 0, "assignee_id": ACTOR},
    ),
    (
        "reopening clears the end and keeps the start",
        DONE,
        TaskStatus.IN_PROGRESS,
        {"completed_at": None, "started_at": T0, "assignee_id": OTHER},
    ),
    (
        "back to new from done clears the end",
        DONE,
        TaskStatus.NEW,
        {"completed_at": None, "started_at": T0},
    ),
    (
        "the same status changes nothing",
        DONE,
        TaskStatus.DONE,
        {"completed_at": T0 + timedelta(hours=1)},
    ),
]


@pytest.mark.parametrize(
    ("before", "new_status", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_change_status(before: dict, new_status: TaskStatus, expected: dict) -> None:
    task = Task(**before)
    change_status(task, new_status, actor_id=ACTOR, now=NOW)
    assert task.status == new_status
    assert {field: getattr(task, field) for field in expected} == expected
