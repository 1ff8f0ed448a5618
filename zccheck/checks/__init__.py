"""Checks: pure functions from classified facts to findings. They never touch the disk."""
