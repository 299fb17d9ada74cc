"""Everything the bot says, in one place. Plain text: titles are people's own words.

Whatever the data, a text fits what Telegram takes: people's words and the API's reasons are
clipped where they are put into a sentence, and a list shortens each title so that a whole
page fits one message.

A task is shown with its due date (on the person's clock) and how it repeats, wherever it is.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram_bot.parsing import View
from todo_shared.enums import TaskStatus, Urgency
from todo_shared.schemas import QuietHoursSetting, TaskCompletionPublic, TaskPublic, UserPublic

COMMANDS = {
    "start": "link this chat to an account",
    "help": "what I understand, with examples",
    "new": "add a task, with a due date and a repeat if you like",
    "list": "your open tasks (/list done: the finished ones)",
    "due": "set a task's due date; alone: what is due soonest",
    "done": "mark a task done",
    "start_task": "say you are working on a task",
    "delete": "delete a task",
    "urgency": "change how urgent a task is",
    "remind": "get a reminder at a moment",
    "every": "how often to remind of a task",
    "repeat": "make a task repeat",
    "history": "when a task was done",
    "quiet": "hours without reminders",
    "before": "your reminders before a task is due",
    "tz": "set your time zone",
}

HELP = """Here is what I understand:
/new <title> — add a task; end it with ! (urgent) or !! (very urgent), add due <when> and \
every <rule> if you like: /new Pay rent !! due friday 18:00 every month
/list — your open tasks; /list done — the finished ones
/due <id> <when> — a due date: /due 12 friday, /due 12 2026-12-20 18:00, /due 12 off; \
/due alone lists what is due, soonest first
/done <id> — mark a task done: /done 12
/start_task <id> — say you are working on it: /start_task 12
/delete <id> — delete a task (I ask first): /delete 12
/urgency <id> <level> — not_urgent, urgent or very_urgent: /urgency 12 urgent
/remind <id> <when> — a reminder at a moment: /remind 12 in 2h, /remind 12 tomorrow 9:00, \
/remind 12 2026-12-01 09:00
/every <id> <interval> — remind that often instead (15m at least), off, or urgency: /every 12 2h
/repeat <id> <rule> — bring it back when done: /repeat 12 every monday, \
/repeat 12 every month on the 1st, /repeat 12 off
/history <id> — when it was done, latest first: /history 12
/quiet <from>-<to> — no reminders then: /quiet 23:00-07:30, /quiet off; /quiet urgent on lets \
very urgent tasks through; /quiet alone shows them
/before <durations> — your reminders before a task is due: /before 1d 1h, /before off; \
/before alone shows them
/tz <Area/City> — your time zone, for reminders: /tz Europe/Berlin
/start <code> — link this chat to your account, with a code from the app"""

NEW_ACCOUNT = (
    "Welcome! This chat has an account of its own now, and your reminders come here.\n"
    "Add a task with /new Pay rent, or send /help for everything I can do.\n"
    "Have an account in the app already? Ask it for a link code and send /start <code>."
)
WELCOME_BACK = "Welcome back, {username}! Your reminders come here. /help lists what I can do."
LINKED = (
    "Linked: this chat now belongs to {username}, and your reminders come here. "
    "/list shows your tasks."
)

NOT_LINKED = (
    "This chat is not linked to an account yet. Send /start for an account of its own, "
    "or /start <code> with a link code from the app."
)
API_DOWN = "I can't reach your task list right now. Try again in a moment."
BROKEN = "Something went wrong on my side. Try again in a moment."
REFUSED = "That did not work: {reason}. /help shows what I understand."
UNKNOWN_COMMAND = "I don't know {command}. Send /help to see what I understand."
NOT_A_COMMAND = "To add a task, send /new <title>, for example /new Buy milk. /help lists the rest."
STALE_BUTTON = "This button does not work any more. Send /list to start again."

NEW_USAGE = (
    "What should the task say? Send /new <title>, for example /new Pay rent "
    "(end it with ! for urgent, !! for very urgent)."
)
ID_USAGE = "Which task? Send /{command} <id>, for example /{command} 12. /list shows the ids."
URGENCY_USAGE = (
    "Send /urgency <id> <level>, where the level is not_urgent, urgent or very_urgent: "
    "/urgency 12 urgent."
)
REMIND_USAGE = (
    "Send /remind <id> <when>: /remind 12 in 2h, /remind 12 tomorrow 9:00 or "
    "/remind 12 2026-12-01 09:00 (read in your time zone, {zone})."
)
EVERY_USAGE = (
    "Send /every <id> <interval>: /every 12 2h, /every 12 1 day; /every 12 off for no regular "
    "reminders, /every 12 urgency for its urgency's again."
)
EVERY_REFUSED = "Reminders can come every 15 minutes at most often. Try /every <id> 15m."
DUE_USAGE = (
    "Send /due <id> <when>: /due 12 friday, /due 12 friday 18:00, /due 12 2026-12-20 18:00 or "
    "/due 12 in 3 days (read in your time zone, {zone}); /due 12 off clears it, and /due alone "
    "lists what is due."
)
REPEAT_REFUSED = "🤔 {reason}\n{usage}"
REPEAT_USAGE = (
    "Send /repeat <id> <rule>: /repeat 12 every monday, /repeat 12 every month on the 1st, "
    "/repeat 12 every 2 weeks or an RRULE such as FREQ=WEEKLY;BYDAY=MO; /repeat 12 off stops it."
)
QUIET_USAGE = (
    "Send /quiet 23:00-07:30 (or 23-7) for hours without reminders, /quiet off for none, "
    "/quiet urgent on or /quiet urgent off to let very urgent tasks through them or not, "
    "or /quiet alone to see them."
)
BEFORE_USAGE = (
    "Send /before with how long before a task is due to remind you: /before 1d 1h (up to 10, "
    "a year at most each), /before off for none, or /before alone to see them."
)
LIST_USAGE = "Send /list for your open tasks, or /list done for the finished ones."
UNKNOWN_ZONE = (
    "I don't know the time zone {name!r}. Send /tz <Area/City>, for example /tz Europe/Berlin."
)
TZ_NOW = (
    "Your time zone is {zone}{default}. Change it with /tz <Area/City>, "
    "for example /tz Europe/Berlin."
)
TZ_SET = (
    "Your time zone is {zone} now: /remind, /due and /new read times in it, and your quiet "
    "hours follow it."
)

TASK_NOT_FOUND = "There is no task #{task_id} in your list. /list shows your tasks and their ids."
BAD_LINK_CODE = (
    "That link code is unknown, used or expired. Ask the app for a new one (it works for "
    "10 minutes) and send /start <code>, or send /start alone for an account of this chat's own."
)
TITLE_REFUSED = "A title must be 1 to 500 characters. Try one like: /new Pay rent"
RULE_ENDED = (
    "That rule has no time left to come round (its end has passed). "
    "Try one such as /repeat <id> every monday."
)
MOMENT_REFUSED = "That moment has passed. Pick one ahead, for example /remind <id> in 2h."

ASK_URGENCY = "Added {task}. How urgent is it?"
ASK_URGENCY_OF = "How urgent is {task}?"
ADDED = "Added {task} ({urgency})."
URGENCY_SET = "{task} is {urgency} now."
MARKED_DONE = "✅ Done: {task}. Well done!"
MARKED_DONE_NEXT = "✅ Done: {task}. Well done! It is next due {due}."
STARTED = "▶️ On it: {task}."
REMINDER_SET = "⏰ I'll remind you of {task} at {moment}."
CADENCE_SET = "⏱ I'll remind you of {task} every {interval}."
CADENCE_OFF = "🔕 No more regular reminders of {task}; a /remind still comes."
CADENCE_OF_URGENCY = "{task} is reminded as its urgency says again ({urgency})."
ASK_DELETE = "Delete {task}? This cannot be undone."
DELETED = "🗑 Deleted {task}."
KEPT = "Kept {task}."
DUE_SET = "📅 Due date set: {task}."
DUE_CLEARED = "No due date any more: {task}."
DUE_KEPT_BY_REPEAT = (
    "{task} repeats, so it stays due at its next time. Send /repeat {task_id} off first to "
    "clear its due date."
)
REPEAT_SET = "🔁 Repeating now: {task}."
REPEAT_OFF = "No more repeats: {task}."
DELETE_BUTTON = "🗑 Delete"
KEEP_BUTTON = "Keep it"

OPEN_HEADER = "Open tasks {first}-{last} of {total}:"
DONE_HEADER = "Done tasks {first}-{last} of {total}:"
NOTHING_OPEN = "Nothing open. Add a task with /new <title>."
NOTHING_DONE = "Nothing done yet. Finish one with /done <id>."
DUE_HEADER = "Due soonest first, {first}-{last} of {total}:"
NOTHING_DUE = (
    "No open task has a due date. Set one with /due <id> <when>, for example /due 12 friday."
)
PAGE_GONE = "No tasks on this page any more. /list shows the first one."
PREVIOUS_PAGE = "⬅️ Previous"
NEXT_PAGE = "Next ➡️"
_HEADERS: dict[View, str] = {"open": OPEN_HEADER, "done": DONE_HEADER, "due": DUE_HEADER}
_NOTHING: dict[View, str] = {"open": NOTHING_OPEN, "done": NOTHING_DONE, "due": NOTHING_DUE}

REMINDER_DONE_ANSWER = "Marked done ✅"
REMINDER_DONE_NOTE = "✅ Done."
REMINDER_DONE_NEXT_ANSWER = "Marked done ✅ It is next due {due}."
REMINDER_DONE_NEXT_NOTE = "✅ Done. It is next due {due}."
REMINDER_SNOOZED_ANSWER = "💤 Snoozed until {moment}"
REMINDER_SNOOZED_NOTE = "💤 Snoozed until {moment}."
REMINDER_SNOOZED_PAST_QUIET_HOURS_NOTE = "💤 Snoozed until {moment}, when your quiet hours end."

HISTORY_HEADER = "When {task} was done, latest first ({shown} of {total}):"
HISTORY_LINE = "✅ {done}"
HISTORY_LINE_DUE = "✅ {done} (was due {due})"
NEVER_DONE = "{task} has not been done yet. /done {task_id} marks it done."

QUIET_NONE = "No quiet hours: reminders come at any time. Set some with /quiet 23:00-07:30."
QUIET_NOW = "🌙 No reminders from {start} to {end} (your time, {zone}). {urgent}"
QUIET_URGENT_THROUGH = "Very urgent tasks come through all the same; /quiet urgent off holds them."
QUIET_URGENT_HELD = "Very urgent tasks wait too; /quiet urgent on lets them through."
QUIET_NEEDS_HOURS = (
    "There are no quiet hours to let anything through. Set them: /quiet 23:00-07:30."
)
BEFORE_NONE = "No reminders before a task is due. Set some with /before 1d 1h."
BEFORE_NOW = "⏳ I remind you of each task {delays} before it is due."
BEFORE_THEN = ", then "

DUE_MARK = "due {due}"
OVERDUE_MARK = "⚠️ overdue since {due}"
REPEAT_MARK = "🔁 {rule}"
MARK_SEPARATOR = " · "
DUE_IN = "due in {span}"
DUE_TODAY = "due today"
DUE_TOMORROW = "due tomorrow"
OVERDUE_BY = "⚠️ overdue by {span}"
DAY = "{weekday} {day} {month}"
DAY_OF_YEAR = "{weekday} {day} {month} {year}"
DAY_AT = "{day} {clock}"
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

REPEAT_EVERY = {
    "DAILY": "every day",
    "WEEKLY": "every week",
    "MONTHLY": "every month",
    "YEARLY": "every year",
}
REPEAT_EVERY_N = {
    "DAILY": "every {n} days",
    "WEEKLY": "every {n} weeks",
    "MONTHLY": "every {n} months",
    "YEARLY": "every {n} years",
}
REPEAT_WEEKDAYS = "every {days}"
REPEAT_WORKDAYS = "every weekday"
REPEAT_ON_WEEKDAYS = "on {days}"
REPEAT_ON_MONTH_DAYS = "on day {days}"
REPEAT_ON_LAST_DAY = "on the last day"
REPEAT_AT = "at {clock}"
REPEAT_UNTIL = "until {day}"
REPEAT_AS_RULE = "by the rule {rule}"
REPEAT_WEEKDAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}

URGENCY_NAMES = {
    Urgency.NOT_URGENT: "not urgent",
    Urgency.URGENT: "urgent",
    Urgency.VERY_URGENT: "very urgent",
}
URGENCY_BUTTONS = {
    Urgency.NOT_URGENT: "Not urgent",
    Urgency.URGENT: "❗ Urgent",
    Urgency.VERY_URGENT: "‼️ Very urgent",
}
_URGENCY_MARKS = {Urgency.NOT_URGENT: "", Urgency.URGENT: " ❗", Urgency.VERY_URGENT: " ‼️"}
_STATUS_MARKS = {TaskStatus.NEW: "◻️", TaskStatus.IN_PROGRESS: "▶️", TaskStatus.DONE: "✅"}

MESSAGE_LIMIT = 4096
"""The longest message text Telegram sends, in UTF-16 code units (as Telegram counts)."""
NOTICE_LIMIT = 200
"""The longest notice shown for a pressed button (answerCallbackQuery)."""
LIST_TITLE_LIMIT = 250
"""A title's length in a list: ten of them and their marks stay inside one message."""
ECHO_LIMIT = 64
"""How much of a person's input, of the API's reason, or of a repeat rule, a sentence repeats."""


def clipped(text: str, limit: int) -> str:
    """`text` in at most `limit` UTF-16 code units, ending in "…" where it was cut."""
    if utf16_length(text) <= limit:
        return text
    kept, length = [], 1
    for character in text:
        length += utf16_length(character)
        if length > limit:
            break
        kept.append(character)
    return "".join(kept) + "…"


def utf16_length(text: str) -> int:
    """The length Telegram measures: a character beyond the BMP (most emoji) counts twice."""
    return len(text.encode("utf-16-le")) // 2


def task_name(task: TaskPublic) -> str:
    """How a task is named: "#12 Pay rent"."""
    return f"#{task.id} {task.title}"


def task_label(task: TaskPublic, *, zone: str, now: datetime) -> str:
    """A task in a sentence: its name, then when it is due and how it repeats, if it does."""
    return _marked(task_name(task), task, due_mark(task, zone=zone, now=now))


def task_line(task: TaskPublic, *, zone: str, now: datetime) -> str:
    """A task as a line of a list: its status, id, title, urgency, due date and repeat."""
    return _marked(_list_head(task), task, due_mark(task, zone=zone, now=now))


def due_line(task: TaskPublic, *, zone: str, now: datetime) -> str:
    """A task as a line of /due's list: as in /list, with how soon it is due or how overdue."""
    return _marked(_list_head(task), task, due_in_words(task, zone=zone, now=now))


def _list_head(task: TaskPublic) -> str:
    """The start of a task's line in a list: its status, id, title (cut to fit) and urgency."""
    title = clipped(task.title, LIST_TITLE_LIMIT)
    return f"{_STATUS_MARKS[task.status]} #{task.id} {title}{_URGENCY_MARKS[task.urgency]}"


def _marked(head: str, task: TaskPublic, due: str | None) -> str:
    """`head`, then the task's `due` mark and how it repeats, where it has them."""
    marks = [head] if due is None else [head, due]
    if task.recurrence is not None:
        marks.append(REPEAT_MARK.format(rule=clipped(repeat_name(task.recurrence), ECHO_LIMIT)))
    return MARK_SEPARATOR.join(marks)


def due_mark(task: TaskPublic, *, zone: str, now: datetime) -> str | None:
    """When a task is due, in short ("due Fri 20 Dec 18:00"), and whether it is overdue."""
    if task.due_at is None:
        return None
    due = when_due(task.due_at, task.due_date, zone=zone, now=now)
    if task.due_at < now and task.status != TaskStatus.DONE:
        return OVERDUE_MARK.format(due=due)
    return DUE_MARK.format(due=due)


def due_in_words(task: TaskPublic, *, zone: str, now: datetime) -> str | None:
    """How soon a task is due ("due in 3 hours", "due tomorrow"), or how late ("overdue by 2
    days"): by the hour within a day of a due moment, else by the person's calendar."""
    if task.due_at is None:
        return None
    if task.due_date is None and abs(task.due_at - now) < timedelta(days=1):
        span = delay_name(_coarse(abs(task.due_at - now)))
        return OVERDUE_BY.format(span=span) if task.due_at < now else DUE_IN.format(span=span)
    due_day = task.due_date or task.due_at.astimezone(ZoneInfo(zone)).date()
    days = (due_day - _today(now, zone)).days
    if days < 0:
        return OVERDUE_BY.format(span=delay_name(timedelta(days=-days)))
    if days < 2:
        return DUE_TOMORROW if days else DUE_TODAY
    return DUE_IN.format(span=delay_name(timedelta(days=days)))


def _coarse(span: timedelta) -> timedelta:
    """A span under a day in whole hours, or whole minutes under an hour (one at least)."""
    unit = timedelta(hours=1) if span >= timedelta(hours=1) else timedelta(minutes=1)
    return max(span // unit, 1) * unit


def next_due(task: TaskPublic, *, zone: str, now: datetime) -> str | None:
    """When a task just marked done is due again: a repeating one is back open at its next
    occurrence; None when it stays done."""
    if task.status == TaskStatus.DONE or task.due_at is None:
        return None
    return when_due(task.due_at, task.due_date, zone=zone, now=now)


def when_due(due_at: datetime, due_date: date | None, *, zone: str, now: datetime) -> str:
    """A due date in short, on the person's clock: "Fri 20 Dec", or "Fri 20 Dec 18:00"."""
    if due_date is not None:
        return _day_name(due_date, today=_today(now, zone))
    return moment_name(due_at, zone=zone, now=now)


def moment_name(moment: datetime, *, zone: str, now: datetime) -> str:
    """A moment in short, on the person's clock: "Fri 20 Dec 18:00"."""
    local = moment.astimezone(ZoneInfo(zone))
    day = _day_name(local.date(), today=_today(now, zone))
    return DAY_AT.format(day=day, clock=f"{local:%H:%M}")


def _day_name(day: date, *, today: date) -> str:
    """A day in short: "Fri 20 Dec", with its year when that is not this one."""
    template = DAY if day.year == today.year else DAY_OF_YEAR
    weekday, month = WEEKDAY_NAMES[day.weekday()], MONTH_NAMES[day.month - 1]
    return template.format(weekday=weekday, day=day.day, month=month, year=day.year)


def _today(now: datetime, zone: str) -> date:
    """The person's date at `now`."""
    return now.astimezone(ZoneInfo(zone)).date()


_SAID_PARTS = frozenset({"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYHOUR", "BYMINUTE", "UNTIL"})
"""The parts of a rule `repeat_name` says in words."""


def repeat_name(rule: str) -> str:
    """How a task repeats, in words ("every Monday at 9:00"); the RRULE when it says more."""
    parts = dict(part.partition("=")[::2] for part in rule.split(";"))
    try:
        return " ".join(_repeat_words(parts))
    except (KeyError, ValueError):
        return REPEAT_AS_RULE.format(rule=rule)


def _repeat_words(parts: dict[str, str]) -> list[str]:
    """The phrases that say a rule; KeyError or ValueError for a part they cannot say."""
    if not parts.keys() <= _SAID_PARTS:
        raise ValueError(f"cannot say {sorted(parts.keys() - _SAID_PARTS)} in words")
    words = _how_often(parts)
    if "BYMONTHDAY" in parts:
        words.append(_month_days(parts["BYMONTHDAY"]))
    if "BYHOUR" in parts:
        hour, minute = int(parts["BYHOUR"]), int(parts["BYMINUTE"])
        words.append(REPEAT_AT.format(clock=f"{hour}:{minute:02d}"))
    if until := parts.get("UNTIL"):
        words.append(REPEAT_UNTIL.format(day=f"{until[:4]}-{until[4:6]}-{until[6:8]}"))
    return words


WORKDAYS = "MO,TU,WE,TH,FR"


def _how_often(parts: dict[str, str]) -> list[str]:
    """ "every 2 weeks", "every week on Friday", or "every Monday" for weekly on those days."""
    frequency, interval = parts["FREQ"], int(parts.get("INTERVAL", "1"))
    days = ", ".join(
        REPEAT_WEEKDAY_NAMES[code] for code in parts.get("BYDAY", "").split(",") if code
    )
    if frequency == "WEEKLY" and interval == 1 and parts.get("BYDAY") == WORKDAYS:
        return [REPEAT_WORKDAYS]
    if frequency == "WEEKLY" and interval == 1 and days:
        return [REPEAT_WEEKDAYS.format(days=days)]
    every = (REPEAT_EVERY[frequency] if interval == 1 else REPEAT_EVERY_N[frequency]).format(
        n=interval
    )
    return [every, REPEAT_ON_WEEKDAYS.format(days=days)] if days else [every]


def _month_days(value: str) -> str:
    """The days of the month a rule falls on, in words; ValueError for counting from the end."""
    if value == "-1":
        return REPEAT_ON_LAST_DAY
    days = [int(day) for day in value.split(",")]
    if min(days) < 1:
        raise ValueError("days counted from the end of the month")
    return REPEAT_ON_MONTH_DAYS.format(days=", ".join(map(str, days)))


def local_moment(moment: datetime, zone: str) -> str:
    """A moment as the person's wall clock shows it: "2026-12-01 09:00 (Europe/Moscow)"."""
    return f"{moment.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M} ({zone})"


def unknown_command(command: str) -> str:
    """What a command the bot does not have gets."""
    return UNKNOWN_COMMAND.format(command=clipped(command, ECHO_LIMIT))


def unknown_zone(name: str) -> str:
    """What /tz with a name that is no time zone gets."""
    return UNKNOWN_ZONE.format(name=clipped(name, ECHO_LIMIT))


def refused(reason: object) -> str:
    """What a change task-api refused gets: its reason, in short."""
    return REFUSED.format(reason=clipped(str(reason), ECHO_LIMIT))


def delay_name(delay: timedelta) -> str:
    """A length of time in words: "1 hour", "1 day", "90 minutes"."""
    seconds = int(delay.total_seconds())
    for unit, length in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds % length == 0:
            count = seconds // length
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


def cadence_set(task: TaskPublic, *, zone: str, now: datetime) -> str:
    """What /every answers: the task's cadence now."""
    name = task_label(task, zone=zone, now=now)
    if task.cadence_off:
        return CADENCE_OFF.format(task=name)
    if task.remind_every is not None:
        return CADENCE_SET.format(task=name, interval=delay_name(task.remind_every))
    return CADENCE_OF_URGENCY.format(task=name, urgency=URGENCY_NAMES[task.urgency])


def due_changed(task: TaskPublic, *, cleared: bool, zone: str, now: datetime) -> str:
    """What /due answers: the task with its due date now; a repeating one keeps one."""
    name = task_label(task, zone=zone, now=now)
    if not cleared:
        return DUE_SET.format(task=name)
    if task.due_at is not None:
        return DUE_KEPT_BY_REPEAT.format(task=name, task_id=task.id)
    return DUE_CLEARED.format(task=name)


def marked_done(task: TaskPublic, *, zone: str, now: datetime) -> str:
    """What /done answers: done, and when a repeating task is next due."""
    if (due := next_due(task, zone=zone, now=now)) is None:
        return MARKED_DONE.format(task=task_label(task, zone=zone, now=now))
    return MARKED_DONE_NEXT.format(task=task_name(task), due=due)


def history(
    task: TaskPublic,
    completions: list[TaskCompletionPublic],
    *,
    total: int,
    zone: str,
    now: datetime,
) -> str:
    """What /history answers: when the task was done, latest first, and when each was due."""
    name = task_label(task, zone=zone, now=now)
    if not completions:
        return NEVER_DONE.format(task=name, task_id=task.id)
    header = HISTORY_HEADER.format(task=name, shown=len(completions), total=total)
    lines = [_done_line(completion, zone=zone, now=now) for completion in completions]
    return "\n".join([header, *lines])


def _done_line(completion: TaskCompletionPublic, *, zone: str, now: datetime) -> str:
    """One time a task was done, as a line of /history."""
    done = moment_name(completion.completed_at, zone=zone, now=now)
    if completion.due_at is None:
        return HISTORY_LINE.format(done=done)
    due = when_due(completion.due_at, completion.due_date, zone=zone, now=now)
    return HISTORY_LINE_DUE.format(done=done, due=due)


def quiet_hours_now(quiet: QuietHoursSetting | None, zone: str) -> str:
    """What /quiet answers: the person's quiet hours, and whether very urgent tasks pass them."""
    if quiet is None:
        return QUIET_NONE
    urgent = QUIET_URGENT_THROUGH if quiet.let_very_urgent_through else QUIET_URGENT_HELD
    start, end = f"{quiet.start:%H:%M}", f"{quiet.end:%H:%M}"
    return QUIET_NOW.format(start=start, end=end, zone=zone, urgent=urgent)


def repeat_refused(reason: str) -> str:
    """What /repeat answers for a rule it cannot follow: why, and what to type instead."""
    return REPEAT_REFUSED.format(reason=clipped(reason, NOTICE_LIMIT), usage=REPEAT_USAGE)


def remind_before_now(delays: list[timedelta]) -> str:
    """What /before answers: the person's reminders before a task is due."""
    if not delays:
        return BEFORE_NONE
    return BEFORE_NOW.format(delays=BEFORE_THEN.join(map(delay_name, delays)))


def timezone_now(user: UserPublic, default_zone: str) -> str:
    """What /tz alone answers: the person's zone, or the default one they get."""
    if user.timezone:
        return TZ_NOW.format(zone=user.timezone, default="")
    return TZ_NOW.format(zone=default_zone, default=" (the default)")


def task_list(
    view: View, items: list[TaskPublic], *, total: int, skip: int, zone: str, now: datetime
) -> str:
    """A page of a list: which tasks of how many, then a line for each."""
    if not items:
        return PAGE_GONE if skip else _NOTHING[view]
    header = _HEADERS[view].format(first=skip + 1, last=skip + len(items), total=total)
    line = due_line if view == "due" else task_line
    return "\n".join([header, *(line(task, zone=zone, now=now) for task in items)])
