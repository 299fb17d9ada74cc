"""Users: the people whose tasks these are."""
