"""Making admins, for `python -m task_api create-admin`."""

from task_api.auth.passwords import Passwords
from task_api.config import AdminSettings
from task_api.db import create_engine, create_sessionmaker
from task_api.users import repository
from task_api.users.defaults import NewPeople
from task_api.users.service import create_user
from todo_shared.enums import Role
from todo_shared.schemas import UserCreate


async def create_admin(settings: AdminSettings, username: str, password: str) -> str:
    """Make `username` an admin with this password, creating the account if needed."""
    password_hash = await Passwords.from_settings(settings).hash_new(password)
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session:
            user = await repository.find_by_username(session, username)
            if user is None:
                profile = UserCreate(username=username)
                await create_user(
                    session,
                    profile,
                    defaults=NewPeople.from_settings(settings),
                    password_hash=password_hash,
                    role=Role.ADMIN,
                )
                return f"created the admin {username!r}"
            user.role, user.password_hash = Role.ADMIN, password_hash
            await session.commit()
            return f"made {username!r} an admin, with the new password"
    finally:
        await engine.dispose()
