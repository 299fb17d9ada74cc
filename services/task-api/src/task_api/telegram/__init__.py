"""Telegram chats: linking a chat to an account, and the accounts chats get of their own."""
