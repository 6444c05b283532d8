"""The only code that changes data: functions that flush, never commit (the request commits)."""
