"""Time NegMAS on the tasks of docs/BENCHMARKS.md's "Agent negotiation" table.

Run from the repository root on an otherwise idle machine, in a virtual environment with
`pip install negmas==0.16.0` (see ../shared/peers/negmas/README.md):

    ../negmas-venv/bin/python bench/negmas_timing.py [--ampo PATH] [--json OUT]

Every figure is the median of several runs of one task (wall clock, `time.perf_counter`):
- Pareto frontier: `pareto_frontier(ufuns, issues=...)`, as ../shared/peers/negmas times it.
- One negotiation from scratch: LinearTB against LinearTB, 100 steps, on freshly loaded
  utility functions (NegMAS caches a utility function's sorted inverse on the object, so a
  fresh load is what a first negotiation pays; loading itself is not timed).
- 100 negotiations on shared utility functions (the inverse sorted once, then reused: what
  parley's shared `Prefs` do).
- A 3-party tournament on group2-politics: every assignment of Boulware, Linear and
  Conceder to the three parties (27 negotiations, 100 steps), on shared utility functions.
The synthetic 6 x 10 domain is the one ../shared/peers/negmas/reference.py builds
(imported from there, not copied).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import negmas  # noqa: E402
from negmas.inout import Scenario  # noqa: E402
from negmas.preferences.ops import pareto_frontier  # noqa: E402
from negmas.sao import SAOMechanism  # noqa: E402
from negmas.sao.negotiators import (  # noqa: E402
    BoulwareTBNegotiator,
    ConcederTBNegotiator,
    LinearTBNegotiator,
)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def median(fn, reps, setup=None):
    times = []
    for _ in range(reps):
        arg = setup() if setup else None
        t = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def negotiate(scenario, classes, steps=100):
    m = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=steps)
    for i, (cls, u) in enumerate(zip(classes, scenario.ufuns)):
        m.add(cls(name=f"p{i}"), ufun=u)
    return m.run()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ampo", default=os.path.join(ROOT, "..", "shared", "data", "genius", "other", "AMPOvsCity"))
    ap.add_argument("--json", default=None)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument(
        "--tasks",
        default="pareto,scratch,hundred,tournament,synthetic",
        help="comma-separated subset of: pareto, scratch, hundred, tournament, synthetic",
    )
    args = ap.parse_args()
    tasks = set(args.tasks.split(","))
    out = {"negmas": negmas.__version__, "cpus": os.cpu_count(), "tasks": {}}

    def record(name, t, ts):
        out["tasks"][name] = {"median_s": t, "all_s": ts}
        print(f"{name}: median {t:.6f} s of {len(ts)} ({', '.join(f'{x:.4f}' for x in ts)})", flush=True)

    anac = os.path.join(ROOT, "data", "genius", "anac")
    domains = [
        ("ItexvsCypress", os.path.join(anac, "y2010", "ItexvsCypress")),
        ("group2-politics", os.path.join(anac, "y2015", "group2-politics")),
        ("Travel", os.path.join(anac, "y2010", "Travel")),
    ]
    if os.path.isdir(args.ampo):
        domains.append(("AMPOvsCity", args.ampo))
    for name, path in domains:
        if "pareto" in tasks:
            s = Scenario.load(path)
            t, ts = median(lambda _: pareto_frontier(list(s.ufuns), issues=s.issues), args.reps)
            record(f"pareto {name}", t, ts)
            del s
        if "scratch" in tasks:
            t, ts = median(
                lambda sc: negotiate(sc, (LinearTBNegotiator, LinearTBNegotiator)),
                args.reps,
                setup=lambda: Scenario.load(path),
            )
            record(f"one negotiation from scratch {name}", t, ts)
        gc.collect()

    if "hundred" in tasks:
        travel = Scenario.load(domains[2][1])
        negotiate(travel, (LinearTBNegotiator, LinearTBNegotiator))  # sorts the inverse once

        def hundred(_):
            for _ in range(100):
                negotiate(travel, (LinearTBNegotiator, LinearTBNegotiator))

        t, ts = median(hundred, 3)
        record("100 negotiations Travel (shared ufuns)", t, ts)
        del travel
        gc.collect()

    if "tournament" in tasks:
        politics = Scenario.load(domains[1][1])
        agents = (BoulwareTBNegotiator, LinearTBNegotiator, ConcederTBNegotiator)
        for cls in agents:  # every party's inverse sorted once
            negotiate(politics, (cls, cls, cls))

        def tournament(_):
            for classes in itertools.product(agents, repeat=3):
                negotiate(politics, classes)

        t, ts = median(tournament, args.reps)
        record("3-party tournament group2-politics (27 negotiations, shared ufuns)", t, ts)

    sys.path.insert(0, os.path.join(ROOT, "..", "shared", "peers", "negmas"))
    try:
        from reference import synthetic  # type: ignore
    except ImportError:
        synthetic = None
    if synthetic is not None and "synthetic" in tasks:
        issues, os_, ufuns = synthetic()
        t, ts = median(lambda _: pareto_frontier(ufuns, issues=issues), args.reps)
        record("pareto synthetic 6x10", t, ts)

        def fresh():
            return synthetic()

        def one(x):
            _, o, us = x
            m = SAOMechanism(outcome_space=o, n_steps=100)
            for i, u in enumerate(us):
                m.add(LinearTBNegotiator(name=f"p{i}"), ufun=u)
            m.run()

        t, ts = median(one, 3, setup=fresh)
        record("one negotiation from scratch synthetic 6x10", t, ts)

    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
