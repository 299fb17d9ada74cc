"""Everything the bot says, in one place. Plain text: titles are people's own words.

Whatever the data, a text fits what Telegram takes: people's words and the API's reasons are
clipped where they are put into a sentence, and a list shortens each title so that a whole
page fits one message.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from todo_shared.enums import TaskStatus, Urgency
from todo_shared.schemas import TaskPublic, UserPublic

COMMANDS = {
    "start": "link this chat to an account",
    "help": "what I understand, with examples",
    "new": "add a task",
    "list": "your open tasks (/list done: the finished ones)",
    "done": "mark a task done",
    "start_task": "say you are working on a task",
    "delete": "delete a task",
    "urgency": "change how urgent a task is",
    "remind": "get a reminder at a moment",
    "every": "how often to remind of a task",
    "tz": "set your time zone",
}

HELP = """Here is what I understand:
/new <title> — add a task; end it with ! (urgent) or !! (very urgent): /new Pay rent !!
/list — your open tasks; /list done — the finished ones
/done <id> — mark a task done: /done 12
/start_task <id> — say you are working on it: /start_task 12
/delete <id> — delete a task (I ask first): /delete 12
/urgency <id> <level> — not_urgent, urgent or very_urgent: /urgency 12 urgent
/remind <id> <when> — a reminder at a moment: /remind 12 in 2h, /remind 12 tomorrow 9:00, \
/remind 12 2026-12-01 09:00
/every <id> <interval> — remind that often instead (15m at least), off, or urgency: /every 12 2h
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
LIST_USAGE = "Send /list for your open tasks, or /list done for the finished ones."
UNKNOWN_ZONE = (
    "I don't know the time zone {name!r}. Send /tz <Area/City>, for example /tz Europe/Berlin."
)
TZ_NOW = (
    "Your time zone is {zone}{default}. Change it with /tz <Area/City>, "
    "for example /tz Europe/Berlin."
)
TZ_SET = "Your time zone is {zone} now; /remind reads times in it."

TASK_NOT_FOUND = "There is no task #{task_id} in your list. /list shows your tasks and their ids."
BAD_LINK_CODE = (
    "That link code is unknown, used or expired. Ask the app for a new one (it works for "
    "10 minutes) and send /start <code>, or send /start alone for an account of this chat's own."
)
TITLE_REFUSED = "A title must be 1 to 500 characters. Try one like: /new Pay rent"
MOMENT_REFUSED = "That moment has passed. Pick one ahead, for example /remind <id> in 2h."

ASK_URGENCY = "Added {task}. How urgent is it?"
ASK_URGENCY_OF = "How urgent is {task}?"
ADDED = "Added {task} ({urgency})."
URGENCY_SET = "{task} is {urgency} now."
MARKED_DONE = "✅ Done: {task}. Well done!"
STARTED = "▶️ On it: {task}."
REMINDER_SET = "⏰ I'll remind you of {task} at {moment}."
CADENCE_SET = "⏱ I'll remind you of {task} every {interval}."
CADENCE_OFF = "🔕 No more regular reminders of {task}; a /remind still comes."
CADENCE_OF_URGENCY = "{task} is reminded as its urgency says again ({urgency})."
ASK_DELETE = "Delete {task}? This cannot be undone."
DELETED = "🗑 Deleted {task}."
KEPT = "Kept {task}."
DELETE_BUTTON = "🗑 Delete"
KEEP_BUTTON = "Keep it"

OPEN_HEADER = "Open tasks {first}-{last} of {total}:"
DONE_HEADER = "Done tasks {first}-{last} of {total}:"
NOTHING_OPEN = "Nothing open. Add a task with /new <title>."
NOTHING_DONE = "Nothing done yet. Finish one with /done <id>."
PAGE_GONE = "No tasks on this page any more. /list shows the first one."
PREVIOUS_PAGE = "⬅️ Previous"
NEXT_PAGE = "Next ➡️"

REMINDER_DONE_ANSWER = "Marked done ✅"
REMINDER_DONE_NOTE = "✅ Done."
REMINDER_SNOOZED_ANSWER = "💤 Snoozed until {moment}"
REMINDER_SNOOZED_NOTE = "💤 Snoozed until {moment}."

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
LIST_TITLE_LIMIT = 300
"""A title's length in a list: ten of them and their marks stay well inside one message."""
ECHO_LIMIT = 64
"""How much of a person's input, or of the API's reason, a sentence repeats."""


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
    """How a task is named in a sentence: "#12 Pay rent"."""
    return f"#{task.id} {task.title}"


def task_line(task: TaskPublic) -> str:
    """A task as a line of a list: its status, id, title and urgency."""
    title = clipped(task.title, LIST_TITLE_LIMIT)
    return f"{_STATUS_MARKS[task.status]} #{task.id} {title}{_URGENCY_MARKS[task.urgency]}"


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


def cadence_set(task: TaskPublic) -> str:
    """What /every answers: the task's cadence now."""
    name = task_name(task)
    if task.cadence_off:
        return CADENCE_OFF.format(task=name)
    if task.remind_every is not None:
        return CADENCE_SET.format(task=name, interval=delay_name(task.remind_every))
    return CADENCE_OF_URGENCY.format(task=name, urgency=URGENCY_NAMES[task.urgency])


def timezone_now(user: UserPublic, default_zone: str) -> str:
    """What /tz alone answers: the person's zone, or the default one they get."""
    if user.timezone:
        return TZ_NOW.format(zone=user.timezone, default="")
    return TZ_NOW.format(zone=default_zone, default=" (the default)")


def task_list(view: str, items: list[TaskPublic], *, total: int, skip: int) -> str:
    """A page of a list: which tasks of how many, then a line for each."""
    if not items:
        if skip:
            return PAGE_GONE
        return NOTHING_OPEN if view == "open" else NOTHING_DONE
    header = OPEN_HEADER if view == "open" else DONE_HEADER
    first, last = skip + 1, skip + len(items)
    return "\n".join([header.format(first=first, last=last, total=total), *map(task_line, items)])
