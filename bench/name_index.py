"""Name index benchmark: how long building the index takes as one organisation's aliases
grow, to show it is linear in the number of names (issue 14: 50,000 aliases made it
quadratic). The importer allows 50 aliases a record and 10,000 a file; this goes beyond,
as a store written before those limits could. Run: .venv/bin/python -m bench.name_index"""

import argparse
import time

from handlers.entities import NamedThing, NameIndex

SIZES = (5_000, 10_000, 20_000, 50_000)


def build_seconds(aliases: int, *, rounds: int) -> float:
    names = ("Big Organisation", *(f"alias number {n}" for n in range(aliases)))
    things = [NamedThing(kind="organisation", id="big", names=names)]
    things += [NamedThing(kind="organisation", id=f"o{n}", names=(f"Org {n}",)) for n in range(50)]
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        NameIndex(things)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many builds")
    args = parser.parse_args()
    print(f"{'aliases':>8}  {'seconds':>8}  {'µs per name':>11}")
    for size in SIZES:
        seconds = build_seconds(size, rounds=args.rounds)
        print(f"{size:>8,}  {seconds:>8.2f}  {seconds / size * 1e6:>11.1f}")


if __name__ == "__main__":
    main()
