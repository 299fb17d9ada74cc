"""The pages the links of a reminder mail answer, in their person's language: a button that
acts, or what was done, or why nothing was."""

from html import escape
from urllib.parse import urlencode

from task_api.email_actions.service import ActionResult, Outcome
from task_api.email_actions.tokens import Purpose
from task_api.html_page import html_page
from todo_shared.i18n import Text

PAGE_TITLE = Text("Todo Nudge reminders")
OFFERS = {
    Purpose.DONE: Text("Mark “{title}” done?"),
    Purpose.SNOOZE: Text("Snooze the reminders of “{title}” for an hour?"),
    Purpose.UNSUBSCRIBE: Text("Stop reminders by email to {email}?"),
}
BUTTONS = {
    Purpose.DONE: Text("Mark done"),
    Purpose.SNOOZE: Text("Snooze 1 h"),
    Purpose.UNSUBSCRIBE: Text("Stop reminders by email"),
}
SAYS = {
    Outcome.DONE: Text("“{title}” is done."),
    Outcome.SNOOZED: Text("“{title}” is snoozed until {until}."),
    Outcome.UNSUBSCRIBED: Text(
        "Reminders by email to {email} are off. You can turn them on again in your settings."
    ),
    Outcome.ALREADY_DONE: Text("“{title}” is already done."),
    Outcome.DELETED: Text("This task was deleted."),
    Outcome.OTHER_ADDRESS: Text(
        "This link is for an address that no longer gets your reminders: nothing was changed."
    ),
    Outcome.EXPIRED: Text("This link has expired. Open the task in the bot or the app instead."),
    Outcome.INVALID: Text("This link is not valid."),
}


def action_page(
    result: ActionResult, purpose: Purpose, path: str, token: str, language: str
) -> str:
    """The page of a link of this purpose: its button when it offers to act, else what
    happened, in `language`."""
    if result.outcome != Outcome.OFFERED:
        return _html(language, escape(_says(result, language)))
    values = {"title": result.title or "", "email": result.email or ""}
    offer = OFFERS[purpose].with_values(values).in_(language)
    action = f"{path}?{urlencode({'token': token})}"
    form = (
        f'<form method="post" action="{escape(action)}">'
        f'<button type="submit">{escape(BUTTONS[purpose].in_(language))}</button></form>'
    )
    return _html(language, escape(offer), form)


def _says(result: ActionResult, language: str) -> str:
    until = result.until.strftime("%H:%M") if result.until else ""
    values = {"title": result.title or "", "email": result.email or "", "until": until}
    return SAYS[result.outcome].with_values(values).in_(language)


def _html(language: str, paragraph: str, form: str = "") -> str:
    """A document of one (escaped) paragraph and a form."""
    return html_page(language, PAGE_TITLE.in_(language), f"<p>{paragraph}</p>{form}")
