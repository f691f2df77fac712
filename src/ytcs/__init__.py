"""ytcs: Vietnamese health plans as checkable numbers.

The library is usable without the CLI: `ytcs.plans.load_plan_set`, `ytcs.validate.validate_paths`,
and (with pandas) `ytcs.compute` and `ytcs.gap`.
"""

__version__ = "0.1.0"
