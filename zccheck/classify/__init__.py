"""Classify: which material each file is (slot folder, then name, then text), its parts and years."""
