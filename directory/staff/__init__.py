"""The staff's console: what waits for them, the queue at scale, their notifications.

The staff's console across features: the home page's counts, the queue's filters and bulk
decisions (listings, pending changes, events), and how each staff member is told that
something waits (a mail per arrival, one daily digest, or nothing).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.staff import notifications
    from directory.staff.commands import staff_group

    notifications.init_app(app)
    app.cli.add_command(staff_group)
