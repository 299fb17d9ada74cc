"""A real SMTP server keeping every message in memory, with control routes, for tests and demos."""

from fake_smtp.control import Control
from fake_smtp.fake import FakeSmtp
from fake_smtp.faults import Command
from fake_smtp.message import ReceivedMessage

__all__ = ["Command", "Control", "FakeSmtp", "ReceivedMessage"]
