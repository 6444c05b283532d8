"""Listing pages: public directory, members' management, moderation, campaigns, RNA claims."""
