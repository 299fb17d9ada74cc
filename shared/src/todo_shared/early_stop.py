"""The first thing every entry point does: a stop before its service runs is a clean exit.

It imports nothing Python has not loaded already, so that it takes effect in the first
milliseconds: with the signals' default, a SIGTERM during the seconds of imports that follow
killed the process (exit 143), and an orchestrator counted a failure.
"""

import signal
import sys
from types import FrameType

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def exit_cleanly_on_stop() -> None:
    """From now until the service takes them over, SIGTERM and SIGINT end the process with 0.

    Before a service runs, and after it stopped, nothing is open: leaving is a clean stop.
    """
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, _exit)


def default_stop_signals() -> None:
    """SIGTERM and SIGINT as Python has them, for a command that does one job and exits: one
    stopped halfway has not done it, and must not exit 0."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _exit(signum: int, frame: FrameType | None) -> None:
    sys.exit(0)
