#!/usr/bin/env python3
"""Prints the medians criterion measured (target/criterion/*/new/estimates.json)
as a table, next to the goals the issues set. Run after `make bench`."""
import json
import pathlib
import sys

GOALS_MS = {
    "apply_and_persist_edit_1500_cards": 2.0,
    "10000_cards/open_library_and_load_map": 150.0,
    "10000_cards/load_map_cold_cache": 150.0,
    "10000_cards/import_travesia_file": 300.0,
    "layout_1500_cards/cold": 60.0,
    "layout_1500_cards/after_one_card_edit": 5.0,
    "render_250_cards_A1/pdf": 100.0,
}

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
rows = []
for est in sorted(root.glob("**/new/estimates.json")):
    name = str(est.parent.parent.relative_to(root))
    data = json.loads(est.read_text())
    median_ms = data["median"]["point_estimate"] / 1e6
    lo = data["median"]["confidence_interval"]["lower_bound"] / 1e6
    hi = data["median"]["confidence_interval"]["upper_bound"] / 1e6
    goal = GOALS_MS.get(name)
    verdict = "" if goal is None else ("meets" if median_ms < goal else "MISSES")
    rows.append((name, f"{median_ms:.3f}", f"[{lo:.3f}, {hi:.3f}]", "" if goal is None else f"< {goal:g}", verdict))

head = ("benchmark", "median ms", "95% CI ms", "goal ms", "")
widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
for r in [head] + rows:
    print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
