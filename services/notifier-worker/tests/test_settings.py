"""notifier-worker started with a setting missing: one line naming it, no traceback."""

from todo_testkit.processes import run_without


async def test_a_missing_setting_is_one_line_naming_it() -> None:
    code, output = await run_without(("API_TOKEN", "TELEGRAM_BOT_TOKEN"), "notifier_worker")
    assert code == 1
    assert output.startswith("notifier-worker cannot start: API_TOKEN: Field required")
    assert output.count("\n") == 1, output
