"""Claims due reminders from task-api and publishes one message per reminder.

Not built yet: see the open issues. It has no entry point until it works."""
