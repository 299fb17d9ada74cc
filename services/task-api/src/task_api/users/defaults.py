"""What a new account starts with, as the settings say."""

from dataclasses import dataclass

from task_api.config import AdminSettings
from todo_shared.i18n import language_of
from todo_shared.quiet_hours import QuietHours


@dataclass(frozen=True)
class NewPeople:
    """The quiet hours and the language a new account gets unless it says otherwise."""

    quiet_hours: QuietHours | None
    language: str

    @classmethod
    def from_settings(cls, settings: AdminSettings) -> "NewPeople":
        """The defaults these settings give."""
        return cls(settings.quiet_hours_for_new_people(), settings.default_language)

    def language_for(self, *preferred: str | None) -> str:
        """The first of these tags (a person's choice, a header, Telegram's language_code)
        naming a language there are catalogs for, else the default."""
        return next((code for tag in preferred if (code := language_of(tag))), self.language)
