"""Tests of the benchmarks' own logic (bench/): run_all's table and verdicts."""
