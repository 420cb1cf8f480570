"""Benchmarks: evaluation data and scripts that measure the project against baselines."""
