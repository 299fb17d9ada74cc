"""Fixtures: one fake for the whole run, reset after each test, with aiogram and httpx on it."""

from collections.abc import AsyncIterator

import httpx
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from fake_telegram import FakeTelegram

TOKEN = "42:TEST"


@pytest.fixture(scope="session")
async def running_fake() -> AsyncIterator[FakeTelegram]:
    """The fake, started once: it accepts the token 42:TEST."""
    async with FakeTelegram.running(port=0, tokens=[TOKEN], webhook_retry_delay=0.01) as fake:
        yield fake


@pytest.fixture(autouse=True)
async def fake(running_fake: FakeTelegram) -> AsyncIterator[FakeTelegram]:
    """The fake, as fresh as new: everything each test did to it is forgotten after the test."""
    yield running_fake
    await running_fake.reset()


@pytest.fixture(scope="session")
async def bot(running_fake: FakeTelegram) -> AsyncIterator[Bot]:
    """aiogram's Bot, talking to the fake through its default aiohttp session."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(running_fake.base_url))
    async with Bot(TOKEN, session=session) as bot:
        yield bot


@pytest.fixture
async def http(fake: FakeTelegram) -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client with the fake as its base URL."""
    async with httpx.AsyncClient(base_url=fake.base_url, timeout=10) as client:
        yield client
