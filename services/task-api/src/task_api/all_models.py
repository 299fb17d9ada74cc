"""Every table of task-api, so that Alembic sees the whole schema."""


def import_all_models() -> None:
    """Import each module that defines tables, registering them on `Base.metadata`."""
    import task_api.auth.models
    import task_api.dead_letters.models
    import task_api.outbox
    import task_api.tasks.models
    import task_api.telegram.models
    import task_api.users.models
    import task_api.verification.models  # noqa: F401
