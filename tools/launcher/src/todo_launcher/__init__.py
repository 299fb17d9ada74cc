"""Every service of the to-do system as a local process: `python -m todo_launcher`."""
