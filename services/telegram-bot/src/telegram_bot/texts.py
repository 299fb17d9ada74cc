"""Everything the bot says, as gettext messages of the `bot` domain: aiogram's `_` (now) and
`__` (when read, for the tables and the sentences used whole), in the language of the update
(see `languages.py`). Plain text: titles are people's own words. What it says of where
reminders go (/channels, /email) is in `texts_channels.py`.

Whatever the data, a text fits what Telegram takes: people's words and the API's reasons are
clipped where they are put into a sentence, and a list shortens each title so that a whole
page fits one message.

A task is shown with its due date (on the person's clock, in their language) and how it
repeats, wherever it is.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext
from aiogram.utils.i18n.lazy_proxy import LazyProxy
from babel.dates import format_date, format_time

from telegram_bot.languages import current_locale, language_name
from telegram_bot.parsing import View
from todo_shared.enums import TaskStatus, Urgency
from todo_shared.i18n import Text, languages
from todo_shared.schemas import QuietHoursSetting, TaskCompletionPublic, TaskPublic, UserPublic

COMMANDS = {
    "start": __("link this chat to an account"),
    "help": __("what I understand, with examples"),
    "new": __("add a task, with a due date and a repeat if you like"),
    "list": __("your open tasks (/list done: the finished ones)"),
    "due": __("set a task's due date; alone: what is due soonest"),
    "done": __("mark a task done"),
    "start_task": __("say you are working on a task"),
    "delete": __("delete a task"),
    "urgency": __("change how urgent a task is"),
    "remind": __("get a reminder at a moment"),
    "every": __("how often to remind of a task"),
    "repeat": __("make a task repeat"),
    "history": __("when a task was done"),
    "quiet": __("hours without reminders"),
    "before": __("your reminders before a task is due"),
    "tz": __("set your time zone"),
    "email": __("your email address, confirmed by a code"),
    "channels": __("where your reminders go: Telegram, email or both"),
    "language": __("the language I speak"),
}

HELP = __(
    """Here is what I understand:
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
/email <address> — your email address, confirmed by a code I mail to it: \
/email you@example.org, then /email 123456; /email off removes it; /email alone shows it
/channels — where your reminders go: Telegram, email, both or none, with buttons to turn each \
on or off
/language <{languages}> — the language I speak: /language ru
/start <code> — link this chat to your account, with a code from the app"""
)

NEW_ACCOUNT = __(
    "Welcome! This chat has an account of its own now, and your reminders come here.\n"
    "Add a task with /new Pay rent, or send /help for everything I can do.\n"
    "Have an account in the app already? Ask it for a link code and send /start <code>."
)
WELCOME_BACK = __("Welcome back, {username}! Your reminders come here. /help lists what I can do.")
LINKED = __(
    "Linked: this chat now belongs to {username}, and your reminders come here. "
    "/list shows your tasks."
)

NOT_LINKED = __(
    "This chat is not linked to an account yet. Send /start for an account of its own, "
    "or /start <code> with a link code from the app."
)
API_DOWN = __("I can't reach your task list right now. Try again in a moment.")
BROKEN = __("Something went wrong on my side. Try again in a moment.")
REFUSED = __("That did not work: {reason}. /help shows what I understand.")
UNKNOWN_COMMAND = __("I don't know {command}. Send /help to see what I understand.")
NOT_A_COMMAND = __(
    "To add a task, send /new <title>, for example /new Buy milk. /help lists the rest."
)
STALE_BUTTON = __("This button does not work any more. Send /list to start again.")

NEW_USAGE = __(
    "What should the task say? Send /new <title>, for example /new Pay rent "
    "(end it with ! for urgent, !! for very urgent)."
)
ID_USAGE = __("Which task? Send /{command} <id>, for example /{command} 12. /list shows the ids.")
URGENCY_USAGE = __(
    "Send /urgency <id> <level>, where the level is not_urgent, urgent or very_urgent: "
    "/urgency 12 urgent."
)
REMIND_USAGE = __(
    "Send /remind <id> <when>: /remind 12 in 2h, /remind 12 tomorrow 9:00 or "
    "/remind 12 2026-12-01 09:00 (read in your time zone, {zone})."
)
EVERY_USAGE = __(
    "Send /every <id> <interval>: /every 12 2h, /every 12 1 day; /every 12 off for no regular "
    "reminders, /every 12 urgency for its urgency's again."
)
EVERY_REFUSED = __("Reminders can come every 15 minutes at most often. Try /every <id> 15m.")
DUE_USAGE = __(
    "Send /due <id> <when>: /due 12 friday, /due 12 friday 18:00, /due 12 2026-12-20 18:00 or "
    "/due 12 in 3 days (read in your time zone, {zone}); /due 12 off clears it, and /due alone "
    "lists what is due."
)
REPEAT_REFUSED = "🤔 {reason}\n{usage}"
REPEAT_USAGE = __(
    "Send /repeat <id> <rule>: /repeat 12 every monday, /repeat 12 every month on the 1st, "
    "/repeat 12 every 2 weeks or an RRULE such as FREQ=WEEKLY;BYDAY=MO; /repeat 12 off stops it."
)
QUIET_USAGE = __(
    "Send /quiet 23:00-07:30 (or 23-7) for hours without reminders, /quiet off for none, "
    "/quiet urgent on or /quiet urgent off to let very urgent tasks through them or not, "
    "or /quiet alone to see them."
)
BEFORE_USAGE = __(
    "Send /before with how long before a task is due to remind you: /before 1d 1h (up to 10, "
    "a year at most each), /before off for none, or /before alone to see them."
)
LIST_USAGE = __("Send /list for your open tasks, or /list done for the finished ones.")
UNKNOWN_ZONE = __(
    "I don't know the time zone {name!r}. Send /tz <Area/City>, for example /tz Europe/Berlin."
)
TZ_SET = __(
    "Your time zone is {zone} now: /remind, /due and /new read times in it, and your quiet "
    "hours follow it."
)
LANGUAGE_SET = __("From now on I speak {language} with you.")
TASK_NOT_FOUND = __(
    "There is no task #{task_id} in your list. /list shows your tasks and their ids."
)
BAD_LINK_CODE = __(
    "That link code is unknown, used or expired. Ask the app for a new one (it works for "
    "10 minutes) and send /start <code>, or send /start alone for an account of this chat's own."
)
TITLE_REFUSED = __("A title must be 1 to 500 characters. Try one like: /new Pay rent")
RULE_ENDED = __(
    "That rule has no time left to come round (its end has passed). "
    "Try one such as /repeat <id> every monday."
)
MOMENT_REFUSED = __("That moment has passed. Pick one ahead, for example /remind <id> in 2h.")

ASK_URGENCY = __("Added {task}. How urgent is it?")
ASK_URGENCY_OF = __("How urgent is {task}?")
ADDED = __("Added {task} ({urgency}).")
URGENCY_SET = __("{task} is {urgency} now.")
MARKED_DONE = __("✅ Done: {task}. Well done!")
MARKED_DONE_NEXT = __("✅ Done: {task}. Well done! It is next due {due}.")
STARTED = __("▶️ On it: {task}.")
REMINDER_SET = __("⏰ I'll remind you of {task}: {moment}.")
CADENCE_SET = __("⏱ I'll remind you of {task} every {interval}.")
CADENCE_OFF = __("🔕 No more regular reminders of {task}; a /remind still comes.")
CADENCE_OF_URGENCY = __("{task} is reminded as its urgency says again ({urgency}).")
ASK_DELETE = __("Delete {task}? This cannot be undone.")
DELETED = __("🗑 Deleted {task}.")
KEPT = __("Kept {task}.")
DUE_SET = __("📅 Due date set: {task}.")
DUE_CLEARED = __("No due date any more: {task}.")
DUE_KEPT_BY_REPEAT = __(
    "{task} repeats, so it stays due at its next time. Send /repeat {task_id} off first to "
    "clear its due date."
)
REPEAT_SET = __("🔁 Repeating now: {task}.")
REPEAT_OFF = __("No more repeats: {task}.")
DELETE_BUTTON = __("🗑 Delete")
KEEP_BUTTON = __("Keep it")

NOTHING_OPEN = __("Nothing open. Add a task with /new <title>.")
NOTHING_DONE = __("Nothing done yet. Finish one with /done <id>.")
NOTHING_DUE = __(
    "No open task has a due date. Set one with /due <id> <when>, for example /due 12 friday."
)
PAGE_GONE = __("No tasks on this page any more. /list shows the first one.")
PREVIOUS_PAGE = __("⬅️ Previous")
NEXT_PAGE = __("Next ➡️")
_NOTHING: dict[View, LazyProxy] = {"open": NOTHING_OPEN, "done": NOTHING_DONE, "due": NOTHING_DUE}

REMINDER_DONE_ANSWER = __("Marked done ✅")
REMINDER_DONE_NOTE = __("✅ Done.")
REMINDER_DONE_NEXT_ANSWER = __("Marked done ✅ It is next due {due}.")
REMINDER_DONE_NEXT_NOTE = __("✅ Done. It is next due {due}.")
REMINDER_SNOOZED_ANSWER = __("💤 Snoozed until {moment}")
REMINDER_SNOOZED_NOTE = __("💤 Snoozed until {moment}.")
REMINDER_SNOOZED_PAST_QUIET_HOURS_NOTE = __("💤 Snoozed until {moment}, when your quiet hours end.")

HISTORY_LINE = __("✅ {done}")
HISTORY_LINE_DUE = __("✅ {done} (was due {due})")
NEVER_DONE = __("{task} has not been done yet. /done {task_id} marks it done.")

QUIET_NONE = __("No quiet hours: reminders come at any time. Set some with /quiet 23:00-07:30.")
QUIET_NOW = __("🌙 No reminders from {start} to {end} (your time, {zone}). {urgent}")
QUIET_URGENT_THROUGH = __(
    "Very urgent tasks come through all the same; /quiet urgent off holds them."
)
QUIET_URGENT_HELD = __("Very urgent tasks wait too; /quiet urgent on lets them through.")
QUIET_NEEDS_HOURS = __(
    "There are no quiet hours to let anything through. Set them: /quiet 23:00-07:30."
)
BEFORE_NONE = __("No reminders before a task is due. Set some with /before 1d 1h.")
BEFORE_NOW = __("⏳ I remind you of each task {delays} before it is due.")
BEFORE_THEN = __(", then ")

DUE_MARK = __("due {due}")
OVERDUE_MARK = __("⚠️ overdue since {due}")
REPEAT_MARK = "🔁 {rule}"
MARK_SEPARATOR = " · "
DUE_IN = __("due in {span}")
DUE_TODAY = __("due today")
DUE_TOMORROW = __("due tomorrow")
OVERDUE_BY = __("⚠️ overdue by {span}")
TODAY = __("today")
TOMORROW = __("tomorrow")
YESTERDAY = __("yesterday")
_NEAR_DAYS = {-1: YESTERDAY, 0: TODAY, 1: TOMORROW}
DAY_AT = __("{day} {clock}")
MOMENT_IN_ZONE = __("{moment} ({zone})")
DAY_PATTERN = "EEE d MMM"
DAY_OF_YEAR_PATTERN = "EEE d MMM y"
CLOCK_PATTERN = "H:mm"

REPEAT_EVERY = {
    "DAILY": __("every day"),
    "WEEKLY": __("every week"),
    "MONTHLY": __("every month"),
    "YEARLY": __("every year"),
}
REPEAT_WEEKDAYS = __("every {days}")
REPEAT_WORKDAYS = __("every weekday")
REPEAT_ON_WEEKDAYS = __("on {days}")
REPEAT_ON_MONTH_DAYS = __("on day {days}")
REPEAT_ON_LAST_DAY = __("on the last day")
REPEAT_AT = __("at {clock}")
REPEAT_UNTIL = __("until {day}")
REPEAT_AS_RULE = __("by the rule {rule}")
REPEAT_WEEKDAY_NAMES = {
    "MO": __("Monday"),
    "TU": __("Tuesday"),
    "WE": __("Wednesday"),
    "TH": __("Thursday"),
    "FR": __("Friday"),
    "SA": __("Saturday"),
    "SU": __("Sunday"),
}
LIST_SEPARATOR = ", "

URGENCY_NAMES = {
    Urgency.NOT_URGENT: __("not urgent"),
    Urgency.URGENT: __("urgent"),
    Urgency.VERY_URGENT: __("very urgent"),
}
URGENCY_BUTTONS = {
    Urgency.NOT_URGENT: __("Not urgent"),
    Urgency.URGENT: __("❗ Urgent"),
    Urgency.VERY_URGENT: __("‼️ Very urgent"),
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
        return str(DUE_TOMORROW if days else DUE_TODAY)
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
        return day_name(due_date, today=_today(now, zone))
    return moment_name(due_at, zone=zone, now=now)


def moment_name(moment: datetime, *, zone: str, now: datetime) -> str:
    """A moment in short, on the person's clock: "tomorrow 9:00", "Fri 20 Dec 18:00"."""
    local = moment.astimezone(ZoneInfo(zone))
    day = day_name(local.date(), today=_today(now, zone))
    clock = format_time(local.time(), CLOCK_PATTERN, locale=current_locale())
    return DAY_AT.format(day=day, clock=clock)


def day_name(day: date, *, today: date) -> str:
    """A day in short: "today", "tomorrow", "yesterday", else "Fri 20 Dec" ("пт 20 дек."),
    with its year when that is not this one."""
    if (near := _NEAR_DAYS.get((day - today).days)) is not None:
        return str(near)
    pattern = DAY_PATTERN if day.year == today.year else DAY_OF_YEAR_PATTERN
    return format_date(day, pattern, locale=current_locale())


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
    days = LIST_SEPARATOR.join(
        str(REPEAT_WEEKDAY_NAMES[code]) for code in parts.get("BYDAY", "").split(",") if code
    )
    if frequency == "WEEKLY" and interval == 1 and parts.get("BYDAY") == WORKDAYS:
        return [str(REPEAT_WORKDAYS)]
    if frequency == "WEEKLY" and interval == 1 and days:
        return [REPEAT_WEEKDAYS.format(days=days)]
    every = str(REPEAT_EVERY[frequency]) if interval == 1 else _every_n(frequency, interval)
    return [every, REPEAT_ON_WEEKDAYS.format(days=days)] if days else [every]


def _every_n(frequency: str, n: int) -> str:
    """ "every 2 weeks": a repeat of more than one day, week, month or year (KeyError for
    another frequency)."""
    if frequency == "DAILY":
        return ngettext("every {n} day", "every {n} days", n).format(n=n)
    if frequency == "WEEKLY":
        return ngettext("every {n} week", "every {n} weeks", n).format(n=n)
    if frequency == "MONTHLY":
        return ngettext("every {n} month", "every {n} months", n).format(n=n)
    if frequency == "YEARLY":
        return ngettext("every {n} year", "every {n} years", n).format(n=n)
    raise KeyError(frequency)


def _month_days(value: str) -> str:
    """The days of the month a rule falls on, in words; ValueError for counting from the end."""
    if value == "-1":
        return str(REPEAT_ON_LAST_DAY)
    days = [int(day) for day in value.split(",")]
    if min(days) < 1:
        raise ValueError("days counted from the end of the month")
    return REPEAT_ON_MONTH_DAYS.format(days=LIST_SEPARATOR.join(map(str, days)))


def local_moment(moment: datetime, *, zone: str, now: datetime) -> str:
    """A moment on the person's clock, naming the zone: "tomorrow 9:00 (Europe/Moscow)"."""
    return MOMENT_IN_ZONE.format(moment=moment_name(moment, zone=zone, now=now), zone=zone)


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
    """A length of time in words, in the largest unit it is a whole number of: "1 hour",
    "2 days", "90 minutes" ("1 час", "2 дня", "90 минут")."""
    seconds = int(delay.total_seconds())
    if seconds % 86_400 == 0:
        days = seconds // 86_400
        return ngettext("{count} day", "{count} days", days).format(count=days)
    if seconds % 3_600 == 0:
        hours = seconds // 3_600
        return ngettext("{count} hour", "{count} hours", hours).format(count=hours)
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)
    return ngettext("{count} second", "{count} seconds", seconds).format(count=seconds)


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
    header = ngettext(
        "When {task} was done, latest first ({shown} of {total}):",
        "When {task} was done, latest first ({shown} of {total}):",
        total,
    ).format(task=name, shown=len(completions), total=total)
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
        return str(QUIET_NONE)
    urgent = QUIET_URGENT_THROUGH if quiet.let_very_urgent_through else QUIET_URGENT_HELD
    start, end = f"{quiet.start:%H:%M}", f"{quiet.end:%H:%M}"
    return QUIET_NOW.format(start=start, end=end, zone=zone, urgent=urgent)


def repeat_refused(refused: ValueError) -> str:
    """What /repeat answers for a rule it cannot follow: why (in the language spoken, when the
    rule's refusal is a catalog message), and what to type instead."""
    reason = refused.args[0] if refused.args else ""
    said = reason.in_(current_locale().language) if isinstance(reason, Text) else str(reason)
    return REPEAT_REFUSED.format(reason=clipped(said, NOTICE_LIMIT), usage=REPEAT_USAGE)


def remind_before_now(delays: list[timedelta]) -> str:
    """What /before answers: the person's reminders before a task is due."""
    if not delays:
        return str(BEFORE_NONE)
    return BEFORE_NOW.format(delays=str(BEFORE_THEN).join(map(delay_name, delays)))


def timezone_now(user: UserPublic, default_zone: str) -> str:
    """What /tz alone answers: the person's zone, or the default one they get."""
    if user.timezone:
        return _(
            "Your time zone is {zone}. Change it with /tz <Area/City>, for example "
            "/tz Europe/Berlin."
        ).format(zone=user.timezone)
    return _(
        "Your time zone is {zone} (the default). Change it with /tz <Area/City>, for example "
        "/tz Europe/Berlin."
    ).format(zone=default_zone)


def help_text() -> str:
    """What /help answers: every command, with an example each."""
    return HELP.format(languages="|".join(languages()))


def language_now(language: str) -> str:
    """What /language alone answers: the language the bot speaks, and the others to choose."""
    said = _("I speak {language} with you. Choose one: {choices}.")
    return said.format(language=language_name(language), choices=_language_choices())


def language_usage() -> str:
    """What /language with a language the bot does not speak answers."""
    said = _("I speak {choices}. Send /language <{languages}>, for example /language ru.")
    return said.format(choices=_language_choices(), languages="|".join(languages()))


def _language_choices() -> str:
    """The languages the bot speaks, each by its own name and its code: "English (en)"."""
    return LIST_SEPARATOR.join(f"{language_name(code)} ({code})" for code in languages())


def task_list(
    view: View, items: list[TaskPublic], *, total: int, skip: int, zone: str, now: datetime
) -> str:
    """A page of a list: which tasks of how many, then a line for each."""
    if not items:
        return str(PAGE_GONE if skip else _NOTHING[view])
    header = page_header(view, first=skip + 1, last=skip + len(items), total=total)
    line = due_line if view == "due" else task_line
    return "\n".join([header, *(line(task, zone=zone, now=now) for task in items)])


def page_header(view: View, *, first: int, last: int, total: int) -> str:
    """The first line of a page of a list: which of how many tasks it shows."""
    if view == "open":
        header = ngettext(
            "Open tasks {first}-{last} of {total}:", "Open tasks {first}-{last} of {total}:", total
        )
    elif view == "done":
        header = ngettext(
            "Done tasks {first}-{last} of {total}:", "Done tasks {first}-{last} of {total}:", total
        )
    else:
        header = ngettext(
            "Due soonest first, {first}-{last} of {total}:",
            "Due soonest first, {first}-{last} of {total}:",
            total,
        )
    return header.format(first=first, last=last, total=total)
