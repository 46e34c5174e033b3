"""Draw build time and peak memory against corpus size from bench_build.py results.

    .venv/bin/python bench/plot_scaling.py RESULTS.jsonl [MORE.jsonl ...] --out bench/scaling.png

Reads the `full_build` (1x) and `scale_build` (Nx) records of the files given (the JSON lines that
`bench_build.py --out` appends), keeps the newest record per corpus size, and draws two panels:
wall time inside the build, and peak RSS of the build's process tree, with the 2 GB memory target.
Each point is labelled with its date and the load average it ran at, since the machine is shared;
a time measured at a load above 2 is drawn hollow and not joined to the others.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MEMORY_TARGET_MB = 2048
QUIET_LOAD = 2.0  # 1-minute load average on 2 cores: above it the build shared its core


def scaling_points(paths: list[Path]) -> list[dict]:
    """One point per corpus size (the newest record): size, documents, seconds, peak MB, date, load."""
    newest: dict[int, dict] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("kind") not in ("full_build", "scale_build"):
                continue
            scale = int(record.get("scale", 1))
            if scale not in newest or record["date"] >= newest[scale]["date"]:
                newest[scale] = record
    return [{"scale": s, "documents": r["documents"], "seconds": r["build_s"], "peak_mb": r["peak_tree_rss_mb"],
             "date": r["date"][:10], "load": max(r.get("loadavg_start", [0])[0], r.get("loadavg_end", [0])[0])}
            for s, r in sorted(newest.items())]


def draw(points: list[dict], out: Path) -> None:
    sizes = [p["documents"] for p in points]
    fig, (time_ax, mem_ax) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    quiet = [p for p in points if p["load"] <= QUIET_LOAD]
    time_ax.plot([p["documents"] for p in quiet], [p["seconds"] / 60 for p in quiet], marker="o", label="quiet machine")
    loaded = [p for p in points if p["load"] > QUIET_LOAD]
    if loaded:  # a time measured beside other work is not comparable: drawn apart, hollow
        time_ax.plot([p["documents"] for p in loaded], [p["seconds"] / 60 for p in loaded], linestyle="none",
                     marker="o", markerfacecolor="none", color="tab:blue", label=f"load above {QUIET_LOAD:g}")
    time_ax.legend(loc="upper left")
    time_ax.set(title="Full build time", xlabel="articles in the corpus", ylabel="minutes (inside the build)")
    mem_ax.plot(sizes, [p["peak_mb"] / 1024 for p in points], marker="o", color="tab:red")
    mem_ax.axhline(MEMORY_TARGET_MB / 1024, color="grey", linestyle="--", label="target: < 2 GB")
    mem_ax.set(title="Peak memory of the build", xlabel="articles in the corpus", ylabel="peak RSS (GB)")
    mem_ax.legend(loc="upper left")
    for ax, key, scale in ((time_ax, "seconds", 60), (mem_ax, "peak_mb", 1024)):
        for p in points:
            ax.annotate(f"{p['scale']}x, {p['date']}\nload {p['load']:.1f}", (p["documents"], p[key] / scale),
                        textcoords="offset points", xytext=(6, -18), fontsize=7)
        ax.set_ylim(bottom=0)
        ax.set_xlim(left=0, right=max(sizes) * 1.25)
    fig.savefig(out, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("scaling.png"))
    args = parser.parse_args(argv)
    points = scaling_points(args.results)
    if not points:
        parser.error("no full_build or scale_build records in the files given")
    draw(points, args.out)
    for p in points:
        print(f"{p['scale']:>3}x  {p['documents']:>6} docs  {p['seconds']:>8.1f} s  {p['peak_mb']:>7.1f} MB  "
              f"{p['date']}  load {p['load']:.1f}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
