"""Claiming due reminders stays fast however many tasks are not due.

    uv run python bench/claim.py [--due 10000] [--sizes 100000 1000000] [--claims 30]
                                 [--no-new-features]

One database holds `--due` due tasks; the tasks that are not due (and done ones) grow through
`--sizes`. At each size, task-api (one process) is asked for 1,000 due reminders at a time over
HTTP; when the due set is used up its leases are cleared, outside the timing. The goal: a median
under 50 ms at 1,000,000 tasks, and no growth from the smallest size to the largest. It prints
the median and p95 of each size's claims, then the claim's plan at the largest size (run and
rolled back, then as the service's prepared statement runs it once its plan is generic) and
whether it finds the due tasks by a range scan of `ix_task_claimable_at`. The default sizes
take about a minute; each 1,000,000 tasks seeded take some 20 s more.

With the new features (`--with-new-features`, the default), the tasks and people carry what
quiet hours, due dates and repeating tasks brought, in proportions people would use them:
- 9 people in 10 have quiet hours (most 22:00-08:00, as new people get them; some 23:00-07:00
  or 21:30-07:30), in one of five zones; a fifth of them let very urgent reminders through, and
  one in 20 has their own `remind_before` (2 days); a third have a verified address, and both
  channels (the default), so their reminders carry an email with its three signed links;
- a third of the tasks have a due date (half of them given as a day), a tenth a recurrence
  (a subset of those, never done, as a done repeating task comes back open), and 2 in 90 a
  `remind_before` of their own;
- a task that is not due has its next reminder where the policy would put it, computed here in
  SQL: the earlier of its cadence and the first reminder before its due moment (a repeating task
  only the latter, its cadence starting once its occurrence is past due), moved to the end of
  its owner's quiet hours when it falls within them. So many reminders share the moment some
  quiet hours end, as they do in use. The due tasks' moments are in the last hour, as if their
  owners' quiet hours had already let them through.
`--no-new-features` seeds the tasks as before these features, with all of them left unset.
"""

import argparse
import asyncio
import json
import re
import secrets
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import timedelta

import asyncpg
import httpx
from common import (
    BENCH_ENV,
    add_database_argument,
    asyncpg_dsn,
    fresh_database,
    write_results,
)

from task_api.tasks.statements import CLAIM
from todo_testkit.processes import free_port, service_process, wait_until_healthy

USERS = 1_000
SEED_USERS = """
INSERT INTO app_user (username, telegram_chat_id, created_at)
SELECT 'user' || n, n, now() FROM generate_series(1, $1) AS n
"""
SEED_USERS_WITH_NEW_FEATURES = """
INSERT INTO app_user (username, telegram_chat_id, created_at, timezone, quiet_hours_start,
                      quiet_hours_end, quiet_hours_let_very_urgent_through, remind_before,
                      email, email_verified_at)
SELECT 'user' || n, n, now(),
       (ARRAY['Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Tokyo', 'UTC'])
           [1 + n % 5],
       CASE WHEN n % 10 <> 0
            THEN (ARRAY[time '22:00', time '22:00', time '23:00', time '21:30'])[1 + n % 4] END,
       CASE WHEN n % 10 <> 0
            THEN (ARRAY[time '08:00', time '08:00', time '07:00', time '07:30'])[1 + n % 4] END,
       n % 10 <> 0 AND n % 5 = 1,
       CASE WHEN n % 20 = 3 THEN '{2 days}'::interval[] ELSE '{1 day, 1 hour}'::interval[] END,
       CASE WHEN n % 3 = 0 THEN 'user' || n || '@example.org' END,
       CASE WHEN n % 3 = 0 THEN now() END
FROM generate_series(1, $1) AS n
"""
SEED_TASKS = """
INSERT INTO task (title, status, urgency, user_id, created_at, updated_at, time_spent_seconds,
                  next_notification_at)
SELECT 'task ' || n,
       CASE WHEN $3 AND n % 3 = 0 THEN 'done' ELSE 'new' END,
       'urgent',
       1 + n % $4,
       now() - interval '2 days', now(), 0,
       CASE
           WHEN NOT $3 THEN now() - (n % 3600) * interval '1 second'
           WHEN n % 3 = 0 THEN NULL
           ELSE now() + interval '1 hour' + (n % 36000) * interval '1 second'
       END
FROM generate_series($1::bigint, $2::bigint) AS n
"""
# With the new features, k = n % 90 picks what a task has: k < 30 a due date (even k: a day),
# k < 9 a recurrence too, k 27 and 28 its own remind_before; a third of each kind is done, but no
# repeating task. Its next reminder is placed the way `todo_shared.schedule.next_notification_at`
# would place it (see the module's docstring), but computed here, in SQL, for speed.
SEED_TASKS_WITH_NEW_FEATURES = """
INSERT INTO task (title, status, urgency, user_id, created_at, updated_at, time_spent_seconds,
                  due_at, due_date, remind_before, recurrence, next_notification_at)
WITH seeded AS (
    SELECT n, n % 90 AS k, owner.*,
           $3 AND n % 3 = 0 AND n % 90 >= 9 AS done,
           CASE
               WHEN n % 90 >= 30 THEN NULL
               -- The due tasks: overdue by up to 5 days or due within 5; the others: due in
               -- 1 to 31 days.
               WHEN NOT $3 THEN now() + (n % 10 - 5) * interval '1 day'
               ELSE now() + (1 + n % 30) * interval '1 day'
           END + (n % 86400) * interval '1 second' AS due_moment,
           CASE n % 90 WHEN 27 THEN '{3 days, 2 hours}'::interval[] WHEN 28 THEN '{30 minutes}'
           END AS task_remind_before,
           CASE WHEN n % 90 < 9
                THEN (ARRAY['FREQ=DAILY', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0',
                            'FREQ=MONTHLY;BYMONTHDAY=1'])[1 + n % 3]
           END AS recurrence
    FROM generate_series($1::bigint, $2::bigint) AS n
    JOIN (
        SELECT id AS user_id, coalesce(timezone, 'UTC') AS zone, quiet_hours_start,
               quiet_hours_end, remind_before AS owner_remind_before
        FROM app_user
    ) AS owner ON owner.user_id = 1 + n % $4
), dated AS (
    -- Half the due dates are days, due by their end in the owner's zone.
    SELECT seeded.*, CASE WHEN k % 2 = 0 THEN (due_moment AT TIME ZONE zone)::date END AS due_date
    FROM seeded
), due AS (
    SELECT dated.*,
           CASE WHEN due_date IS NULL THEN due_moment
                ELSE (due_date + time '23:59:59') AT TIME ZONE zone END AS due_at
    FROM dated
), planned AS (
    SELECT due.*,
           CASE
               WHEN done THEN NULL
               WHEN NOT $3 THEN now() - (n % 3600) * interval '1 second'
               ELSE (
                   SELECT min(moment) FROM (
                       -- The cadence; a repeating task's starts once its occurrence is past due.
                       SELECT now() + interval '1 hour' + (n % 36000) * interval '1 second'
                       WHERE recurrence IS NULL
                       UNION ALL
                       SELECT due_at - before
                       FROM unnest(coalesce(task_remind_before, owner_remind_before)) AS before
                       WHERE due_at - before > now()
                   ) AS moments (moment)
               )
           END AS moment
    FROM due
), placed AS (
    SELECT planned.*, moment AT TIME ZONE zone AS wall FROM planned
)
SELECT 'task ' || n,
       CASE WHEN done THEN 'done' ELSE 'new' END,
       'urgent',
       user_id,
       now() - interval '2 days', now(), 0,
       due_at, due_date, task_remind_before, recurrence,
       CASE
           -- Within the owner's quiet hours (all of them span midnight): moved to their end.
           WHEN $3 AND quiet_hours_start IS NOT NULL
                AND (wall::time >= quiet_hours_start OR wall::time < quiet_hours_end)
               THEN (wall::date + (wall::time >= quiet_hours_start)::int + quiet_hours_end)
                    AT TIME ZONE zone
           ELSE moment
       END
FROM placed
"""


async def add_tasks(
    connection: asyncpg.Connection, count: int, *, due: bool, new_features: bool
) -> None:
    """Add `count` tasks: all due, or a third done and the rest due hours from now."""
    first = await connection.fetchval("SELECT coalesce(max(id), 0) + 1 FROM task")
    seed = SEED_TASKS_WITH_NEW_FEATURES if new_features else SEED_TASKS
    await connection.execute(seed, first, first + count - 1, not due, USERS)
    # Settle the bulk insert now, so that neither autovacuum nor the checkpoint it triggers
    # runs during the timing.
    await connection.execute("VACUUM ANALYZE task")
    await connection.execute("CHECKPOINT")


async def time_claims(
    base: str, secret: str, claims: int, due: int, database: asyncpg.Connection
) -> list[float]:
    """Milliseconds of each claim of 1,000, as the producer sees them over HTTP.

    The first round over the due set warms the service and the database's caches, untimed.
    """
    timings: list[float] = []
    headers = {"Authorization": f"Bearer {secret}"}
    async with httpx.AsyncClient(base_url=base, timeout=30, headers=headers) as http:
        while len(timings) < claims + due // 1000:
            for _ in range(due // 1000):
                started = time.perf_counter()
                answer = await http.post(
                    "/api/v1/notifications/claim", json={"limit": 1000, "lease_seconds": 300}
                )
                timings.append((time.perf_counter() - started) * 1000)
                answer.raise_for_status()
                assert answer.content.count(b'"due_at"') == 1000, "fewer due tasks than seeded"
            await database.execute(
                "UPDATE task SET lease_expires_at = NULL WHERE lease_expires_at IS NOT NULL"
            )
    return timings[due // 1000 :][:claims]


async def measure(arguments: argparse.Namespace) -> tuple[dict[int, dict[str, float]], "ClaimPlan"]:
    figures: dict[int, dict[str, float]] = {}
    new_features = arguments.new_features
    async with fresh_database(arguments.database) as url:
        database = await asyncpg.connect(asyncpg_dsn(url))
        await database.execute(SEED_USERS_WITH_NEW_FEATURES if new_features else SEED_USERS, USERS)
        await add_tasks(database, arguments.due, due=True, new_features=new_features)
        port = free_port()
        producer_secret = secrets.token_hex(32)
        env = {
            **BENCH_ENV,
            "DATABASE_URL": url,
            "PORT": str(port),
            "SERVICE_TOKENS": json.dumps({"notifier-producer": producer_secret}),
        }
        async with service_process("task-api", "task_api", env) as api:
            base = f"http://127.0.0.1:{port}"
            await wait_until_healthy(api, f"{base}/health")
            total = arguments.due
            for size in sorted(arguments.sizes):
                await add_tasks(database, size - total, due=False, new_features=new_features)
                total = size
                timings = await time_claims(
                    base, producer_secret, arguments.claims, arguments.due, database
                )
                figures[size] = {
                    "median_ms": statistics.median(timings),
                    "p90_ms": statistics.quantiles(timings, n=10)[-1],
                    "p95_ms": statistics.quantiles(timings, n=20)[-1],
                }
                print(
                    f"{size:>10,} tasks: {figures[size]['median_ms']:6.1f} ms median, "
                    f"{figures[size]['p95_ms']:6.1f} ms p95 per claim of 1,000",
                    flush=True,
                )
        if new_features:
            print(await describe_tasks(database), flush=True)
        plan = await claim_plan(database)
        await database.close()
    print(f"the claim's plan at {max(figures):,} tasks, run and rolled back:")
    print("\n".join(f"    {line}" for line in plan.executed))
    print("as the service's prepared statement, once its plan is generic:")
    print("\n".join(f"    {line}" for line in plan.generic))
    print(f"plan: {plan.verdict}")
    return figures, plan


@dataclass(frozen=True)
class ClaimPlan:
    """The claim's plan, run (in a transaction rolled back) and generic, and what they do."""

    executed: list[str]
    generic: list[str]
    range_scan: bool

    @property
    def verdict(self) -> str:
        if self.range_scan:
            return f"both find the due tasks by an index scan of {CLAIM_INDEX}, no Seq Scan on task"
        return f"NOT an index scan of {CLAIM_INDEX} in both, or a Seq Scan on task: see above"


CLAIM_INDEX = "ix_task_claimable_at"


def scans_index(plan: list[str]) -> bool:
    """Whether `plan` finds the due tasks by an index scan of `CLAIM_INDEX`, and never reads
    the whole task table."""
    index_scan = any(
        re.search(rf"Index (Only )?Scan( Backward)? using {CLAIM_INDEX} on task\b", line)
        for line in plan
    )
    return index_scan and not any(re.search(r"Seq Scan on task\b", line) for line in plan)


async def claim_plan(database: asyncpg.Connection) -> ClaimPlan:
    """The claim statement's plans, as task-api runs it (`tasks.store.claim_due`)."""
    now = await database.fetchval("SELECT now()")
    values = {"now": now, "limit": 1000, "lease_end": now + timedelta(minutes=5)}
    transaction = database.transaction()
    await transaction.start()
    try:
        # Leases 1,000 tasks, undone by the rollback.
        rows = await database.fetch(
            f"EXPLAIN (ANALYZE, BUFFERS) {CLAIM.sql}", *CLAIM.arguments(values)
        )
        executed = [row[0] for row in rows]
        # asyncpg prepares the statement, and after five runs PostgreSQL may plan it once for
        # any values: that plan is the one the service keeps.
        await database.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        await database.execute(f"PREPARE claim AS {CLAIM.sql}")
        rows = await database.fetch(
            "EXPLAIN EXECUTE claim(now() + interval '5 minutes', now(), 1000)"
        )
        generic = [row[0] for row in rows]
    finally:
        await transaction.rollback()
    return ClaimPlan(executed, generic, scans_index(executed) and scans_index(generic))


async def describe_tasks(database: asyncpg.Connection) -> str:
    """What the seeded tasks and people carry, for a check of the proportions."""
    tasks = await database.fetchrow(
        "SELECT count(*) AS tasks, count(due_at) AS due_dates, count(due_date) AS days,"
        " count(recurrence) AS recurrences, count(remind_before) AS remind_before,"
        " count(*) FILTER (WHERE status = 'done') AS done,"
        " count(next_notification_at) AS reminders FROM task"
    )
    people = await database.fetchval("SELECT count(quiet_hours_start) FROM app_user")
    # The moments most reminders share: the ends of quiet hours.
    shared = await database.fetchval(
        "SELECT sum(count) FROM (SELECT count(*) FROM task WHERE next_notification_at > now()"
        " GROUP BY next_notification_at HAVING count(*) > 100) AS moments"
    )
    share = lambda count: f"{count / tasks['tasks']:.0%}"  # noqa: E731
    return (
        f"seeded: {tasks['tasks']:,} tasks, {share(tasks['due_dates'])} with a due date"
        f" ({share(tasks['days'])} a day), {share(tasks['recurrences'])} a recurrence,"
        f" {share(tasks['remind_before'])} their own remind_before, {share(tasks['done'])} done;"
        f" {people} of {USERS:,} people with quiet hours; {share(shared or 0)} of the tasks"
        f" reminded at a moment over 100 share (the ends of quiet hours)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--due", type=int, default=10_000, help="due tasks (a multiple of 1000)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--claims", type=int, default=30, help="claims timed at each size")
    features = parser.add_mutually_exclusive_group()
    features.add_argument(
        "--with-new-features",
        dest="new_features",
        action="store_true",
        default=True,
        help="seed due dates, recurrences, quiet hours and remind_before (the default)",
    )
    features.add_argument(
        "--no-new-features",
        dest="new_features",
        action="store_false",
        help="seed the tasks and people as before those features",
    )
    add_database_argument(parser)
    arguments = parser.parse_args()
    figures, plan = asyncio.run(measure(arguments))
    smallest, largest = figures[min(figures)], figures[max(figures)]
    growth = largest["median_ms"] / smallest["median_ms"]
    print(f"largest against smallest: {growth:.2f}x (the goal: no growth; under 50 ms)")
    results = {"new_features": arguments.new_features, "sizes": figures, "growth": growth}
    write_results("claim", {**results, "range_scan": plan.range_scan, "plan": plan.executed})
    sys.exit(0 if largest["median_ms"] < 50 and plan.range_scan else 1)


if __name__ == "__main__":
    main()
