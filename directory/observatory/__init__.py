"""The observatory: audience counts without tracking, CTG indicators, needs nobody answers.

Counts of page views, searches, feed subscribers, downloads and QR scans (no cookie, no address
kept), the indicators the staff report to the CAF computed from the other features' tables, the
unmet needs professionals record, and their charts, tables, CSV/XLSX files and PDF report.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.observatory import counting, operations
    from directory.observatory.commands import observatory
    from directory.partners.operations import before_purge

    counting.init_app(app)
    before_purge.connect(operations.on_referrals_purge)
    app.cli.add_command(observatory)
