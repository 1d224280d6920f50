"""Fortsync: keeps an Upsales CRM account and a Fortnox accounting account in sync."""

__version__ = "0.1.0"
