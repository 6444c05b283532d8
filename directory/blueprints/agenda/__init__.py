"""Agenda pages: public, members' management, moderation, public proposals, feeds."""
