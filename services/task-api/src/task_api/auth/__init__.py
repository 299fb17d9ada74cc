"""Accounts and access: who is calling, and what they may do."""
