"""Verifying email addresses: a code or a signed link, mailed to the address."""
