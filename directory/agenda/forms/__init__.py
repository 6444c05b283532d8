"""Agenda forms: the event form, the public proposal, moderation, an imported feed's address."""
