"""Reference units of the 1 July 2025 map and the crosswalk to it, from the vietnamadminunits package's data."""
