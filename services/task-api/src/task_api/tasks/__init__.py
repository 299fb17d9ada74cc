"""Tasks: what people have to do, and when they are next reminded of it."""
