"""Generator of the bundled data folders, split by concern; scripts/generate_data.py runs it."""
