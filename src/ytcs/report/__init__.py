"""Report: results as people and programs read them.

`records` (the rows every format draws from) → `terminal` (Rich tables), `files` (JSON, CSV, XLSX,
Markdown, GitHub annotations) → `render` (the format asked) → `output` (the one atomic writer).
`text` holds how numbers and targets read.
"""
