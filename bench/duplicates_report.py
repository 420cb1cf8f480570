"""bench/results/duplicates.md from a run of bench/duplicates.py."""

from __future__ import annotations


def markdown(run: dict, data) -> str:
    return "```\n" + repr(run) + "\n```\n"
