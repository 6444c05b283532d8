"""Open data benchmark: API pages and full exports on synthetic territories.

    .venv/bin/python benchmarks/open_data.py [--sizes 1000,10000] [--rounds 5]

Reuses the cached synthetic databases of benchmarks/search.py (benchmarks/.cache/). The
organisation list goes through the search index, which these databases do not hold: it is left
out here (benchmarks/search.py measures the engine).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import make_app, percentile, prepare  # noqa: E402

from directory.core.extensions import db  # noqa: E402
from directory.listings.models.organization import Organization  # noqa: E402
from directory.listings.models.service import Service
from directory.taxonomy.vocabularies import Status  # noqa: E402


def paths(app) -> list[str]:
    with app.app_context():
        slug = db.session.scalar(
            db.select(Organization.slug).where(Organization.status == Status.PUBLISHED).limit(1)
        )
        service_id = db.session.scalar(db.select(Service.id).limit(1))
    return [
        f"/api/v1/organisations/{slug}",
        f"/api/v1/services/{service_id}",
        "/api/v1/services?per_page=100",
        "/api/v1/services?page=2&theme=sport",
        "/api/v1/services?q=atelier",
        "/exports/annuaire.csv",
        "/exports/data-inclusion/structures.json",
        "/exports/data-inclusion/services.json",
    ]


def bench(size: int, seed: int, rounds: int) -> None:
    folder, how = prepare(size, seed)
    app = make_app(folder)
    app.config["SERVER_NAME"] = "localhost"
    client = app.test_client()
    print(f"\n{size} organisations ({how})")
    for path in paths(app):
        rounds_here = rounds if not path.startswith("/exports/") else max(1, rounds // 2)
        client.get(path)  # warm-up: caches, first connection
        samples, size_bytes, status = [], 0, None
        for _ in range(rounds_here):
            start = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - start) * 1000)
            size_bytes, status = len(response.data), response.status_code
        print(f"  {status} p50 {statistics.median(samples):8.0f} ms  "
              f"p95 {percentile(samples, 95):8.0f} ms  {size_bytes / 1e6:6.2f} Mo  {path}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--seed", type=int, default=89)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",")):
        bench(size, args.seed, args.rounds)


if __name__ == "__main__":
    main()
