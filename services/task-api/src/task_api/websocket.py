"""`WS /ws/tasks`: live task events for the signed-in person (every task's, for admins).

Each API process consumes the `tasks` exchange through an exclusive queue of its own, so a
client sees every change whatever process it is connected to. Each connection has a bounded
queue: a client that falls too far behind is disconnected, so it never slows the others.
"""

import asyncio
import contextlib
import json
import logging
from typing import Any

import aio_pika
import asyncpg
from aio_pika.abc import AbstractExchange, AbstractIncomingMessage, AbstractQueue
from aio_pika.exceptions import CONNECTION_EXCEPTIONS
from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status
from pydantic import ValidationError

from task_api.auth.access import Access
from task_api.auth.dependencies import authenticate
from task_api.auth.principal import Principal, Scope
from task_api.auth.tokens import AccessTokens
from task_api.errors import DomainError
from todo_shared.concurrency import first_completed
from todo_shared.events import EVENT, Event, ImportCompleted, TaskEventType
from todo_shared.retry import Backoff, pause
from todo_shared.topology import TASK_EVENT_KEYS, declare_tasks_exchange

log = logging.getLogger(__name__)
router = APIRouter()

AUTH_TIMEOUT_SECONDS = 10.0
RECHECK_SECONDS = 3600.0
EXPIRED = 'the access token expired; send a fresh one as {"token": ...} before it does'
BIND_TIMEOUT_SECONDS = 5.0
MESSAGE_TYPES = {
    TaskEventType.CREATED: "task_created",
    TaskEventType.UPDATED: "task_updated",
    TaskEventType.DELETED: "task_deleted",
}


def to_message(event: Event) -> dict[str, Any]:
    """The WebSocket message of an event, in the shape the seed gave its clients."""
    if isinstance(event, ImportCompleted):
        return {"type": "background_task_completed", "data": {"created_count": event.created_count}}
    if event.type == TaskEventType.DELETED:
        return {"type": "task_deleted", "data": {"task_id": event.task.id}}
    return {"type": MESSAGE_TYPES[event.type], "data": {"task": event.task.model_dump(mode="json")}}


class Subscriber:
    """One WebSocket connection's share of the events, queued for sending.

    `principal` is the caller as its latest token names it; `renewed` is set when a fresh token
    came.
    """

    def __init__(self, principal: Principal, queue_size: int) -> None:
        self.principal = principal
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(queue_size)
        self.fell_behind = asyncio.Event()
        self.renewed = asyncio.Event()

    def wants(self, event: Event) -> bool:
        """True for events this connection may see."""
        if isinstance(event, ImportCompleted):
            return True
        return self.principal.may_reach(event.task.user_id, Scope.READ_TASKS)

    def offer(self, event: Event) -> None:
        """Queue the event's message, or mark the connection as too slow."""
        if self.wants(event) and not self.fell_behind.is_set():
            try:
                self.queue.put_nowait(to_message(event))
            except asyncio.QueueFull:
                self.fell_behind.set()


class Hub:
    """The WebSocket connections of this process, and the events they are given.

    The process's queue is bound to the exchange only while a client is connected: events that
    nobody here would see are not even routed to it (every event went to every process before,
    a cost that grows with the replicas).
    """

    def __init__(self, queue_size: int) -> None:
        self.queue_size = queue_size
        self.subscribers: set[Subscriber] = set()
        self.connected = asyncio.Event()
        self._someone = asyncio.Event()
        self._nobody = asyncio.Event()
        self._nobody.set()
        self._bound = asyncio.Event()

    async def subscribe(self, principal: Principal) -> Subscriber:
        """A new connection's share of events, once its events are on their way here."""
        subscriber = Subscriber(principal, self.queue_size)
        self.subscribers.add(subscriber)
        self._nobody.clear()
        self._someone.set()
        if self.connected.is_set():
            # Without RabbitMQ there is nothing to wait for: events come once it is back.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(BIND_TIMEOUT_SECONDS):
                    await self._bound.wait()
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        """Stop giving events to a connection that ended."""
        self.subscribers.discard(subscriber)
        if not self.subscribers:
            self._someone.clear()
            self._nobody.set()

    def deliver(self, event: Event) -> None:
        """Offer an event to every connection; never waits for any of them."""
        for subscriber in tuple(self.subscribers):
            subscriber.offer(event)

    async def run(self, amqp_url: str, stopping: asyncio.Event) -> None:
        """Consume every task event into the hub, reconnecting when RabbitMQ goes away."""
        backoff = Backoff()
        while not stopping.is_set():
            try:
                await self._consume(amqp_url, stopping)
            except CONNECTION_EXCEPTIONS as error:
                log.warning("event consumer lost its connection", extra={"error": repr(error)})
                if self.connected.is_set():  # it had connected: a new outage
                    backoff.reached()
                await backoff.wait(stopping)
            finally:
                self.connected.clear()
                self._bound.clear()

    async def _consume(self, amqp_url: str, stopping: asyncio.Event) -> None:
        async with await aio_pika.connect(
            amqp_url, timeout=10, client_properties={"connection_name": "task-api websocket feed"}
        ) as connection:
            closed = asyncio.Event()
            connection.close_callbacks.add(lambda *_: closed.set())
            channel = await connection.channel()
            exchange = await declare_tasks_exchange(channel)
            queue = await channel.declare_queue(exclusive=True, auto_delete=True)
            await queue.consume(self._on_message, no_ack=True)
            self.connected.set()
            while not (stopping.is_set() or closed.is_set()):
                await first_completed(self._someone.wait(), stopping.wait(), closed.wait())
                if self._someone.is_set() and not closed.is_set():
                    await self._listen_while_wanted(queue, exchange, stopping, closed)
            if closed.is_set() and not stopping.is_set():
                raise ConnectionError("RabbitMQ closed the connection")

    async def _listen_while_wanted(
        self,
        queue: AbstractQueue,
        exchange: AbstractExchange,
        stopping: asyncio.Event,
        closed: asyncio.Event,
    ) -> None:
        for key in TASK_EVENT_KEYS:
            await queue.bind(exchange, routing_key=key)
        self._bound.set()
        await first_completed(self._nobody.wait(), stopping.wait(), closed.wait())
        self._bound.clear()
        if not closed.is_set():
            for key in TASK_EVENT_KEYS:
                await queue.unbind(exchange, routing_key=key)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        try:
            self.deliver(EVENT.validate_json(message.body))
        except ValidationError:
            log.warning(
                "an event of unknown shape was skipped", extra={"message_id": message.message_id}
            )


SUBSCRIBED = {"type": "subscribed", "data": {}}
"""The first message to a client whose token held: its events are on their way from now."""


@router.websocket("/ws/tasks")
async def task_events(websocket: WebSocket) -> None:
    """Live task events; the access token comes as `?token=` or as `{"token": ...}` first, and
    `{"type": "subscribed"}` answers it once the events are on their way.

    The socket closes (1008) when its token expires, unless the client sent a fresh token of
    the same person as `{"token": ...}` before then.
    """
    await websocket.accept()
    state = websocket.app.state
    try:
        token = websocket.query_params.get("token") or await _token_from_first_message(websocket)
        principal = await authenticate(state.access, state.pool, token)
    except (DomainError, TimeoutError, ValueError) as error:
        reason = error.detail if isinstance(error, DomainError) else "send an access token first"
        await websocket.close(status.WS_1008_POLICY_VIOLATION, reason)
        return
    except WebSocketDisconnect:
        return
    subscriber = await state.hub.subscribe(principal)
    tokens = state.access.tokens
    try:
        # From here on every change reaches this client: one that loads the tasks now misses none.
        await websocket.send_json(SUBSCRIBED)
        # A send to a client that just left fails; its leaving is the news, not the failure.
        await first_completed(
            _send(websocket, subscriber),
            _read(websocket, subscriber, state.access, state.pool),
            subscriber.fell_behind.wait(),
            _until_expired(subscriber, tokens),
        )
        if subscriber.fell_behind.is_set():
            reason = f"too slow: fell more than {state.hub.queue_size} events behind"
            await _close(websocket, status.WS_1013_TRY_AGAIN_LATER, reason)
        elif tokens.seconds_left(subscriber.principal) <= 0:
            await _close(websocket, status.WS_1008_POLICY_VIOLATION, EXPIRED)
    finally:
        state.hub.unsubscribe(subscriber)


async def _token_from_first_message(websocket: WebSocket) -> str:
    token = _token_in(await asyncio.wait_for(websocket.receive_json(), AUTH_TIMEOUT_SECONDS))
    if token is None:
        raise ValueError('the first message must be {"token": "<access token>"}')
    return token


def _token_in(message: object) -> str | None:
    """The token of a `{"token": "<access token>"}` message; None for any other message."""
    token = message.get("token") if isinstance(message, dict) else None
    return token if isinstance(token, str) else None


async def _send(websocket: WebSocket, subscriber: Subscriber) -> None:
    while True:
        await websocket.send_json(await subscriber.queue.get())


async def _read(
    websocket: WebSocket, subscriber: Subscriber, access: Access, pool: asyncpg.Pool
) -> None:
    """Read what the client sends until it goes; a fresh token of the same caller is taken.

    Anything else, and a token that does not hold or names someone else, is dropped: nothing
    the client sends is kept.
    """
    while (message := await websocket.receive())["type"] != "websocket.disconnect":
        text = message.get("text") or ""
        token = _token_in(_json_or_none(text)) if text.startswith("{") else None
        if token is None:
            continue
        with contextlib.suppress(DomainError):
            fresh = await authenticate(access, pool, token)
            if fresh.is_same_caller(subscriber.principal):
                subscriber.principal = fresh
                subscriber.renewed.set()


def _json_or_none(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


async def _until_expired(subscriber: Subscriber, tokens: AccessTokens) -> None:
    """Return once the connection's token has expired; a fresh token moves that moment."""
    while (left := tokens.seconds_left(subscriber.principal)) > 0:
        subscriber.renewed.clear()
        # A service's secret never expires: look again now and then rather than wait for ever.
        await pause(subscriber.renewed, min(left, RECHECK_SECONDS))


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    """Close the socket, unless the client has already gone."""
    with contextlib.suppress(RuntimeError, WebSocketDisconnect):
        await websocket.close(code, reason)
