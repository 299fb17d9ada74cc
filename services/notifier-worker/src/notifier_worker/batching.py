"""Asking task-api for many reminders in one request: while one request is on its way, the
questions of the other reminders in hand wait and go together in the next.

A worker holds up to WORKER_PREFETCH reminders, and each asks task-api whether its task is
still due and then records it: one by one, that is two requests and half a dozen database
round trips per reminder, the largest part of the pipeline's CPU (measured). Gathered, a busy
worker asks for dozens of reminders at a time, and an idle one still asks at once: nothing
waits for a timer.
"""

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Generic, TypeVar

Question = TypeVar("Question", bound=Hashable)
Answer = TypeVar("Answer")

MOST_AT_ONCE = 1000
"""The most questions in one request: the most task-api takes in one."""


class Gathered(Generic[Question, Answer]):
    """Asks `ask` the questions made while its last call was on its way, all in one call.

    `ask` answers a list of distinct questions with a mapping of some of them to their answers;
    a question it leaves out is answered None. When a call fails, each of its questions raises
    that error.
    """

    def __init__(
        self, ask: Callable[[list[Question]], Awaitable[Mapping[Question, Answer]]]
    ) -> None:
        self._ask = ask
        self._waiting: list[tuple[Question, asyncio.Future[Answer | None]]] = []
        self._asking: asyncio.Task[None] | None = None

    async def ask(self, question: Question) -> Answer | None:
        """The answer to `question`, asked with the others of its moment."""
        answer: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((question, answer))
        if self._asking is None:
            self._asking = asyncio.create_task(self._ask_while_waiting())
        return await answer

    async def _ask_while_waiting(self) -> None:
        try:
            while self._waiting:
                batch = self._waiting[:MOST_AT_ONCE]
                del self._waiting[:MOST_AT_ONCE]
                await self._settle(batch)
        except asyncio.CancelledError:  # the loop is closing: so is every question
            for _, answer in self._waiting:
                answer.cancel()
            raise
        finally:
            self._asking = None

    async def _settle(self, batch: list[tuple[Question, asyncio.Future[Answer | None]]]) -> None:
        try:
            answers = await self._ask(list(dict.fromkeys(question for question, _ in batch)))
        except asyncio.CancelledError:
            for _, answer in batch:
                answer.cancel()
            raise
        except Exception as error:
            for _, answer in batch:
                if not answer.done():  # its reminder may have been cancelled meanwhile
                    answer.set_exception(error)
            return
        for question, answer in batch:
            if not answer.done():
                answer.set_result(answers.get(question))
