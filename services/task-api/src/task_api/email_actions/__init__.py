"""Acting from a reminder mail without signing in: Done, Snooze 1 h and Unsubscribe links."""
