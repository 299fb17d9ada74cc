"""The task-api application."""

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from task_api import health, importer_router, observability, websocket
from task_api.auth.access import Access
from task_api.auth.router import router as auth_router
from task_api.body_limit import BodyLimit
from task_api.config import Settings
from task_api.db import create_engine, create_pool, create_sessionmaker
from task_api.dead_letters.filer import DeadLetterFiler
from task_api.dead_letters.resender import Resender
from task_api.dead_letters.router import router as dead_letters_router
from task_api.email_actions.links import ActionLinks
from task_api.email_actions.router import router as email_actions_router
from task_api.http_errors import install_error_handlers
from task_api.importer import Importer
from task_api.mail import Mailer
from task_api.notifications.router import router as notifications_router
from task_api.relay import Relay, RelayThread
from task_api.tasks.router import router as tasks_router
from task_api.tasks.rules import TaskRules
from task_api.tasks.store import TaskStore
from task_api.telegram.router import router as telegram_router
from task_api.users.router import router as users_router
from task_api.verification.router import router as verification_router
from task_api.verification.service import Verifier
from task_api.web_app import serve_web_app
from todo_shared.postgres import asyncpg_dsn

DESCRIPTION = """
Tasks that nudge their owners in Telegram until they are done.

Each task is reminded on the cadence of its urgency (not urgent: after 24 h, then every 24 h;
urgent: 12 h, then 10 h; very urgent: 3 h, then 5 h), or at its one-off `remind_at`. A snooze
(`snoozed_until`) is the next reminder: none comes before it, one comes at it, and the cadence
goes on from there. Moments without an offset are read in the owner's time zone.

Every change of a task is announced on RabbitMQ's `tasks` exchange and on `WS /ws/tasks`.

An error's `detail` (a 422's `msg`) follows `Accept-Language` (en, ru), English without it;
a 422's `loc` and `type` are the same in every language.
"""
STOP_TIMEOUT_SECONDS = 10.0
ROUTERS = (
    health.router,
    observability.router,
    auth_router,
    users_router,
    verification_router,
    email_actions_router,
    tasks_router,
    notifications_router,
    telegram_router,
    importer_router.router,
    dead_letters_router,
    websocket.router,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application; with no settings given, read them from the environment."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings)
        app.state.engine = engine
        app.state.relay = RelayThread(
            Relay(
                asyncpg_dsn(settings.database_url),
                settings.amqp_url,
                batch_size=settings.relay_batch_size,
                poll_seconds=settings.relay_poll_seconds,
                linger_seconds=settings.relay_linger_seconds,
                retention=settings.outbox_retention,
            )
        )
        app.state.sessionmaker = create_sessionmaker(engine)
        app.state.pool = await create_pool(settings)
        app.state.store = TaskStore(app.state.pool, app.state.relay.relay.wake)
        async with httpx.AsyncClient(timeout=settings.import_timeout_seconds) as http:
            stopping = asyncio.Event()
            background = _start_background(app, settings, http, stopping)
            # What start-up built lives as long as the process: keeping it out of the
            # collector's full scans removed pauses of 40 ms from claims of a thousand reminders.
            gc.freeze()
            yield
            stopping.set()
            await _stop(background)
            await asyncio.to_thread(app.state.relay.stop, STOP_TIMEOUT_SECONDS)
        await app.state.pool.close()
        await engine.dispose()

    # The docs pages load their scripts from this package's copies, not a CDN: they work offline.
    app = FastAPIOffline(
        title="Task API",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.rules = TaskRules.from_settings(settings)
    app.state.access = Access.from_settings(settings)
    app.state.action_links = ActionLinks.from_settings(settings)
    app.state.verifier = Verifier(settings, Mailer(settings), app.state.rules)
    app.state.hub = websocket.Hub(settings.ws_queue_size)
    app.state.resender = Resender(settings.amqp_url)
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(observability.RequestObserver)
    for router in ROUTERS:
        app.include_router(router)
    if settings.web_dist is not None:
        serve_web_app(app, settings.web_dist)
    return app


def _start_background(
    app: FastAPI, settings: Settings, http: httpx.AsyncClient, stopping: asyncio.Event
) -> list[asyncio.Task[None]]:
    """Start the relay, the WebSocket feed and (unless turned off) the filing of dead letters
    and the periodic import."""
    app.state.relay.start()
    app.state.importer = Importer(
        app.state.sessionmaker,
        app.state.store,
        http,
        source_url=settings.import_source_url,
        max_bytes=settings.import_max_bytes,
    )
    jobs = [app.state.hub.run(settings.amqp_url, stopping)]
    if settings.file_dead_letters:
        app.state.dead_letter_filer = DeadLetterFiler(settings.amqp_url, app.state.sessionmaker)
        jobs.append(app.state.dead_letter_filer.run(stopping))
    if settings.import_interval_seconds:
        jobs.append(app.state.importer.run_every(settings.import_interval_seconds, stopping))
    return [asyncio.create_task(job) for job in jobs]


async def _stop(background: list[asyncio.Task[None]]) -> None:
    """Let the background jobs finish what they hold (a batch of events, an import)."""
    _, stuck = await asyncio.wait(background, timeout=STOP_TIMEOUT_SECONDS)
    for job in stuck:
        job.cancel()
    await asyncio.gather(*stuck, return_exceptions=True)
