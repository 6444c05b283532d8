"""Listing forms: editing a listing, moderation, claims of drafts imported from the RNA."""
