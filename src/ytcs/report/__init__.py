"""Report: results as people and programs read them.

`records`, `rows` (the rows every format draws from) → `terminal`, `overview`, `table` (Rich tables that fit
the screen), `files` (JSON, CSV, Markdown, GitHub annotations), `sheets` and `workbook` (styled XLSX) →
`render` (the format asked) → `output` (the one atomic writer). `text` holds how numbers and targets read,
`targets` which plan target a row judges. The HTML report (`ytcs report`): `document` (what it is drawn
from) → `scorecard`, `panels` and `charts`, `notes` → `html` with `templates/`. Labels come from
`ytcs.vocab`; the report's own words from `phrases` and `methods_text`. matplotlib and Jinja2 are imported
only when a report is drawn.
"""
