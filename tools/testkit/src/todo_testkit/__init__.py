"""Test fixtures for the to-do system: a real PostgreSQL and RabbitMQ, fresh for each run."""
