#!/usr/bin/env python3
"""Write a random parley scenario (TOML) for scale tests and benchmarks.

    python3 scripts/gen-scenario.py --actors 1000 --issues 1 --seed 1 > /tmp/a1000.toml

Actors get uniform positions on 0..100, saliences in 0.05..1 and capabilities in
0.1..2. A fraction of positions (--red-lines) carries a red line on the side away
from the status quo's far end; the first --veto actors are veto players. Two
outcome classes read the terms of the first issue. The output depends only on the
arguments (Python's Mersenne Twister seeded with --seed).
"""

import argparse
import random


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=1000)
    ap.add_argument("--issues", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--veto", type=int, default=3, help="the first N actors are veto players")
    ap.add_argument("--red-lines", type=float, default=0.2, help="fraction of positions with a red line")
    ap.add_argument(
        "--uncertain",
        type=int,
        default=None,
        help="only the first N actors carry noise: the others get uncertainty = 0 on capability and"
        " positions (with `sensitivity --salience-sd 0`, 2N inputs; for timing sensitivity per draw)",
    )
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = []
    w = out.append
    w("format = 1\n")
    w("[scenario]")
    w(f'id = "gen-{a.actors}x{a.issues}-s{a.seed}"')
    w(f'title = "Generated: {a.actors} actors, {a.issues} issues, seed {a.seed}"\n')
    sq = []
    for k in range(a.issues):
        q = round(rng.uniform(20, 80), 3)
        sq.append(q)
        w("[[issue]]")
        w(f'id = "i{k}"')
        w(f'name = "Issue {k}"')
        w(f"status_quo = {q}\n")
    for i in range(a.actors):
        w("[[actor]]")
        w(f'id = "a{i}"')
        w(f'name = "Actor {i}"')
        w(f"capability = {round(rng.uniform(0.1, 2.0), 4)}")
        w(f"veto = {'true' if i < a.veto else 'false'}")
        if a.uncertain is not None and i >= a.uncertain:
            w("uncertainty = 0")
        w("")
    for i in range(a.actors):
        for k in range(a.issues):
            p = round(rng.uniform(0, 100), 3)
            w("[[position]]")
            w(f'actor = "a{i}"')
            w(f'issue = "i{k}"')
            w(f"position = {p}")
            w(f"salience = {round(rng.uniform(0.05, 1.0), 3)}")
            if a.uncertain is not None and i >= a.uncertain:
                w("uncertainty = 0")
            if rng.random() < a.red_lines:
                # A red line between the position and the far end beyond the status quo.
                if p <= sq[k]:
                    red = round(rng.uniform(p, 100), 3)
                else:
                    red = round(rng.uniform(0, p), 3)
                w(f"red_line = {red}")
            w("")
    w("[[outcome]]")
    w('id = "up"')
    w('name = "The first issue rises"')
    w(f'when = "agreed.i0 && terms.i0 > {sq[0]}"\n')
    w("[[outcome]]")
    w('id = "other"')
    w('name = "Anything else"')
    w('when = "true"')
    print("\n".join(out))


if __name__ == "__main__":
    main()
