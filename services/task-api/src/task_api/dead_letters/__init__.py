"""The dead-letter office: the reminders the notifier gave up on, filed for admins to read and
send again."""
