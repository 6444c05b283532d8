"""Fictional demo content for the Communauté de communes Yonne Nord, and synthetic territories."""
