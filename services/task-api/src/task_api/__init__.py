"""The to-do system's REST API: users, tasks and the schedule of their reminders."""
