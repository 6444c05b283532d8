"""Forms, one module per feature; every form strips its text input (see base.py)."""
