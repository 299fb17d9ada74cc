"""What every service of the to-do system shares: settings, wire schemas, the reminder policy."""
