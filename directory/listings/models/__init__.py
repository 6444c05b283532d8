"""Listing models: organisations, their places, contacts and activities, history, moderation."""
