"""`python -m lookup.evaluation [--failures] [--questions FILE]` (see scripts/eval)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from lookup import create_app
from lookup.evaluation.lists import publish_folder
from lookup.evaluation.questions import DEFAULT, load
from lookup.evaluation.report import ablation_table, ablations, failures, measure, table
from lookup.office import setup


def main() -> None:
    parser = argparse.ArgumentParser(description="Relevance of the search against baselines.")
    parser.add_argument("--questions", default=str(DEFAULT))
    parser.add_argument("--failures", action="store_true", help="List the questions missed.")
    parser.add_argument(
        "--ablate", action="store_true", help="Also measure with each search part switched off."
    )
    parser.add_argument(
        "--home",
        help="Use this LOOKUP_HOME (its published lists) instead of a fresh one loaded from data/.",
    )
    parser.add_argument(
        "--lists",
        help="A folder with abolished.xlsx and retained.xlsx to "
        "import and publish first (e.g. tests/relevance/jiashan).",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lookup-eval-") as tmp:
        home = args.home or tmp
        app = create_app(
            {
                "LOOKUP_HOME": home,
                "DATABASE_URL": f"sqlite:///{home}/lookup.sqlite3",
                "SERVER_NAME": "localhost",
            }
        )
        with app.app_context():
            if not args.home:
                setup.init(app)
            if args.lists:
                publish_folder(app, Path(args.lists))
            questions = load(args.questions)
            results = measure(app, questions)
            print(table(results))
            if args.ablate:
                print("\nwith each part switched off (service only):")
                print(ablation_table(ablations(app, questions)))
        if args.failures:
            print("\nmissed:")
            print(failures(results))


if __name__ == "__main__":
    main()
