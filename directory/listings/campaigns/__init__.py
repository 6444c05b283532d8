"""Annual update campaigns: each published organisation is asked to review its listing."""
