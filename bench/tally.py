"""The tally benchmark: Atelier's counts (the code the server and `atelier tally` run) on
10,000 ballots over 10 options — Schulze and instant-runoff on ranked ballots, majority
judgment on graded ones — against a plain Python count of the same files in the same run,
which also cross-checks the winners.

    python3 bench/tally.py             # release build, 15 rounds; writes BENCHMARKS.md and bench/results/tally.json
    python3 bench/tally.py --no-write  # print only

Goal (issue "Voting"): each count of 10,000 ballots over 10 options in at most 50 ms.
Figures are medians over the rounds (machines here are noisy: read the ratio)."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import BENCH_DIR, REPO_ROOT, git_commit, machine, publish

SECTION_START, SECTION_END = "<!-- tally:start -->", "<!-- tally:end -->"
RESULTS = BENCH_DIR / "results" / "tally.json"
PRODUCT = "AtelierTallyBenchmark"
OPTIONS = [f"Option {n}" for n in range(1, 11)]
GRADES = ["Excellent", "Très bien", "Bien", "Assez bien", "Passable", "Insuffisant", "À rejeter"]
GOAL_MS = 50


def ballots_files(folder: Path, count: int) -> list[Path]:
    """Seeded ballots with some structure (options drift in popularity), one ballot each."""
    rng = random.Random(2026)
    weights = [1 + n / 3 for n in range(len(OPTIONS))]
    ranked, graded = [], []
    for _ in range(count):
        order = sorted(OPTIONS, key=lambda o: -rng.random() * weights[OPTIONS.index(o)])
        ranked.append({"count": 1, "ranking": order[: rng.randint(3, len(OPTIONS))]})
        graded.append({"count": 1, "grades": {o: GRADES[min(6, max(0, int(rng.gauss(4 - weights[i] / 2, 1.6))))] for i, o in enumerate(OPTIONS)}})
    files = []
    for method, ballots in (("schulze", ranked), ("irv", ranked), ("majority-judgment", graded)):
        path = folder / f"{method}.json"
        body = {"method": method, "options": OPTIONS, "ballots": ballots}
        if method == "majority-judgment":
            body["grades"] = GRADES
        path.write_text(json.dumps(body, ensure_ascii=False))
        files.append(path)
    return files


# -- the Python peer: straightforward counts of the same files ------------------------------

def schulze(options, ballots):
    n = len(options)
    index = {o: i for i, o in enumerate(options)}
    d = [[0] * n for _ in range(n)]
    for ballot in ballots:
        rank = [len(options)] * n
        for level, option in enumerate(ballot["ranking"]):
            rank[index[option]] = level
        for a in range(n):
            for b in range(n):
                if rank[a] < rank[b]:
                    d[a][b] += ballot["count"]
    p = [[d[a][b] if d[a][b] > d[b][a] else 0 for b in range(n)] for a in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j:
                for k in range(n):
                    if i != k and j != k:
                        p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    winners = [a for a in range(n) if all(p[a][b] >= p[b][a] for b in range(n) if b != a)]
    return options[winners[0]] if len(winners) == 1 else None


def irv(options, ballots):
    running = set(options)
    while True:
        votes = dict.fromkeys(running, 0)
        for ballot in ballots:
            top = next((o for o in ballot["ranking"] if o in running), None)
            if top is not None:
                votes[top] += ballot["count"]
        total = sum(votes.values())
        best = max(votes, key=votes.get)
        if len(running) == 1 or votes[best] * 2 > total:
            return best
        lowest = min(votes.values())
        running -= {o for o, v in votes.items() if v == lowest}


def majority_judgment(options, grades, ballots):
    def value(profile):
        profile = list(profile)
        left, out = sum(profile), []
        while left:
            position, seen = left // 2 + 1, 0
            for g, c in enumerate(profile):
                seen += c
                if seen >= position:
                    out.append(g)
                    profile[g] -= 1
                    break
            left -= 1
        return out
    profiles = {o: [0] * len(grades) for o in options}
    for ballot in ballots:
        for o in options:
            profiles[o][grades.index(ballot["grades"].get(o, grades[-1]))] += ballot["count"]
    ranked = sorted(options, key=lambda o: value(profiles[o]))
    return ranked[0]


def peer(path: Path, rounds: int) -> dict:
    body = json.loads(path.read_text())
    count = {"schulze": lambda: schulze(body["options"], body["ballots"]),
             "irv": lambda: irv(body["options"], body["ballots"]),
             "majority-judgment": lambda: majority_judgment(body["options"], body["grades"], body["ballots"])}[body["method"]]
    times, winner = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        winner = count()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": times[len(times) // 2], "winner": winner}


def build() -> str:
    subprocess.run(["swift", "build", "-c", "release", "--product", PRODUCT], cwd=REPO_ROOT, check=True)
    return str(REPO_ROOT / ".build" / "release" / PRODUCT)


def render(report: dict) -> str:
    lines = [
        SECTION_START, "## Tallies", "",
        f"Generated by `python3 bench/tally.py` on {report['date']} (raw data in `bench/results/tally.json`).", "",
        f"Machine: {report['machine']}, 1-minute load {report['load']} at start. Release build of {report['commit']}; "
        f"{report['rounds']} rounds, median ms per count of {report['ballots']:,} distinct ballots over 10 options "
        f"(files parsed once, not timed).", "",
        "| method | Atelier ms | Python peer ms | peer ÷ Atelier | goal ≤ 50 ms | same winner |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in report["results"]:
        lines.append(f"| {row['method']} | {row['atelier_ms']:.2f} | {row['peer_ms']:.1f} | {row['peer_ms'] / row['atelier_ms']:.0f}× | "
                     f"{'met' if row['atelier_ms'] <= GOAL_MS else 'not met'} | {'yes' if row['same_winner'] else 'NO'} |")
    lines += ["",
              "The peer is a plain Python count of the same files in the same run (Schulze by Floyd–Warshall, "
              "instant-runoff on first preferences, majority judgment by the Balinski–Laraki majority value); it "
              "also cross-checks each winner. Atelier's counts are index-based: Schulze fills the pairwise matrix "
              "once per ballot (ranks looked up per option), majority judgment works on merit profiles (counts per "
              "grade), so its cost grows with ballots × options, not with the judgments' order.",
              SECTION_END]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--peer-rounds", type=int, default=3)
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    load = round(os.getloadavg()[0], 2)
    binary = build()
    with tempfile.TemporaryDirectory() as folder:
        files = ballots_files(Path(folder), args.ballots)
        done = subprocess.run([binary, str(args.rounds), *map(str, files)], capture_output=True, text=True, check=True)
        ours = [json.loads(line) for line in done.stdout.splitlines()]
        results = []
        for path, row in zip(files, ours):
            theirs = peer(path, args.peer_rounds)
            results.append({"method": row["method"], "atelier_ms": row["median_ms"], "atelier_min_ms": row["min_ms"],
                            "peer_ms": theirs["median_ms"], "winner": row["result"]["winner"],
                            "same_winner": row["result"]["winner"] == theirs["winner"]})
    report = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
              "load": load, "commit": git_commit(), "rounds": args.rounds, "ballots": args.ballots, "results": results}
    publish(report, render(report), RESULTS, SECTION_START, SECTION_END, write=not args.no_write)
    return 0 if all(r["same_winner"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
