"""What route handlers receive: a database session, the pools, the store and the rules of tasks."""

from collections.abc import AsyncIterator
from typing import Annotated

import asyncpg
from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.config import Settings
from task_api.dead_letters.resender import Resender
from task_api.email_actions.links import ActionLinks
from task_api.tasks.rules import TaskRules
from task_api.tasks.store import TaskStore
from task_api.verification.service import Verifier


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session for one request, closed (and rolled back if uncommitted) after it."""
    async with request.app.state.sessionmaker() as session:
        yield session


async def get_pool(request: Request) -> asyncpg.Pool:
    """The asyncpg pool of the hot statements."""
    return request.app.state.pool


async def get_store(request: Request) -> TaskStore:
    """Where single tasks are written, with their events."""
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings


async def get_rules(request: Request) -> TaskRules:
    """The task rules the app was built with."""
    return request.app.state.rules


async def get_verifier(request: Request) -> Verifier:
    """What mails verification codes and checks them."""
    return request.app.state.verifier


async def get_resender(request: Request) -> Resender:
    """What sends dead letters back to their queues."""
    return request.app.state.resender


async def get_action_links(request: Request) -> ActionLinks:
    """What mints the links of reminder mails and reads their tokens."""
    return request.app.state.action_links


SessionDep = Annotated[AsyncSession, Depends(get_session)]
PoolDep = Annotated[asyncpg.Pool, Depends(get_pool)]
RulesDep = Annotated[TaskRules, Depends(get_rules)]
StoreDep = Annotated[TaskStore, Depends(get_store)]
VerifierDep = Annotated[Verifier, Depends(get_verifier)]
ActionLinksDep = Annotated[ActionLinks, Depends(get_action_links)]
ResenderDep = Annotated[Resender, Depends(get_resender)]
