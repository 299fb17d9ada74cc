"""Claims due reminders from task-api and publishes one message per reminder and channel."""
