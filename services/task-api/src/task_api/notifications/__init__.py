"""Notifications: handing due reminders to the notifier, each under a lease."""
