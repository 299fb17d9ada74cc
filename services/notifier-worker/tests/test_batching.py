"""Questions to task-api gathered while one request is on its way."""

import asyncio

import pytest

from notifier_worker.batching import Gathered


class Recorder:
    """Answers a question with its double, after the test lets each call end."""

    def __init__(self) -> None:
        self.calls: list[list[int]] = []
        self.go_on = asyncio.Event()
        self.failure: Exception | None = None

    async def __call__(self, questions: list[int]) -> dict[int, int]:
        self.calls.append(questions)
        await self.go_on.wait()
        if self.failure:
            raise self.failure
        return {question: question * 2 for question in questions if question != 13}


async def settled(*answers: asyncio.Future) -> list:
    return await asyncio.gather(*answers, return_exceptions=True)


async def test_an_idle_question_is_asked_at_once_and_the_next_ones_together() -> None:
    ask = Recorder()
    gathered = Gathered(ask)
    first = asyncio.ensure_future(gathered.ask(1))
    await asyncio.sleep(0)  # the first call is on its way
    later = [asyncio.ensure_future(gathered.ask(n)) for n in (2, 3, 3, 13)]
    await asyncio.sleep(0)
    assert ask.calls == [[1]]

    ask.go_on.set()

    assert await settled(first, *later) == [2, 4, 6, 6, None]
    assert ask.calls == [[1], [2, 3, 13]], "the waiting questions went as one, each once"


async def test_a_failed_call_fails_each_of_its_questions_and_not_the_next() -> None:
    ask = Recorder()
    gathered = Gathered(ask)
    ask.failure = ConnectionError("task-api is away")
    failing = [asyncio.ensure_future(gathered.ask(n)) for n in (1, 2)]
    await asyncio.sleep(0)
    ask.go_on.set()
    outcomes = await settled(*failing)
    assert [type(outcome) for outcome in outcomes] == [ConnectionError, ConnectionError]

    ask.failure = None
    assert await gathered.ask(5) == 10


async def test_a_question_whose_reminder_is_cancelled_leaves_the_others_answered() -> None:
    ask = Recorder()
    gathered = Gathered(ask)
    kept, dropped = asyncio.ensure_future(gathered.ask(1)), asyncio.ensure_future(gathered.ask(2))
    await asyncio.sleep(0)
    dropped.cancel()
    ask.go_on.set()
    assert await kept == 2
    with pytest.raises(asyncio.CancelledError):
        await dropped
