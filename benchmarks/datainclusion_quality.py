"""data·inclusion quality of the demo's services, scored by the schema package's own function.

    .venv/bin/python benchmarks/datainclusion_quality.py [--seed N] [--details]

Loads the demo into a temporary SQLite database, downloads /exports/data-inclusion/services.json
as a consumer would, validates every row with `data_inclusion.schema.v1.Service` and prints the
average of `data_inclusion.schema.v1.score_qualite.score` (the figure data·inclusion shows
producers), then, with --details, the average of each criterion.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_inclusion.schema import v1  # noqa: E402
from data_inclusion.schema.v1.score_qualite import score  # noqa: E402

from directory import create_app  # noqa: E402
from directory.core.extensions import db  # noqa: E402


def scores(rows: list[dict]) -> tuple[list[float], dict[str, list[float]]]:
    """Each row's score, and each criterion's values where it applies."""
    totals, criteria = [], {}
    for row in rows:
        value, details = score(v1.Service.model_validate(row))
        totals.append(value)
        for name, result in details.items():
            if result is not None:
                criteria.setdefault(name, []).append(result)
    return totals, criteria


def demo_services(seed: int | None = None) -> list[dict]:
    from directory.demo.generate import DEFAULT_SEED, load_demo

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/directory.db",
            "SEARCH_INDEX_DIR": f"{folder}/index",
            "OBSERVATORY_COUNTING": False,  # the database is gone when counts are flushed
        })
        with app.app_context():
            db.create_all()
            load_demo(seed=DEFAULT_SEED if seed is None else seed)
            rows = app.test_client().get("/exports/data-inclusion/services.json").json
            db.engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    rows = demo_services(args.seed)
    totals, criteria = scores(rows)
    print(f"score_qualite moyen : {statistics.fmean(totals):.2f} ({len(rows)} services)")
    if args.details:
        for name, values in criteria.items():
            print(f"  {name:32} {statistics.fmean(values):.2f}  ({len(values)} services)")


if __name__ == "__main__":
    main()
