"""The demo data: the real content of five networks' public pages, and its loader.

The content is in data/, one TOML file per network and one for what they share (demo
accounts, the people who register for events, suggested places); data/README.md says how the
files are laid out. Everything the networks' pages say is a fact, loaded as they say it, on its
real date, with its source. Where the portal needs more to look alive (progress updates,
upcoming sessions, registrations, attendance, the math series), the rows are examples
(`is_example`), and only examples are dated relative to the day of the load. checks.py refuses
a row that is neither; load(facts_only=True) loads the facts alone.

The texts are in English and, beside them, in Spanish (`<field>_es`), each row marked with
which language is the translation (`translated`); checks.py refuses Spanish without the marking.

The loader keys every row by a natural key, so running it again gives the same rows.
"""

from portal.demo.files import DemoDataError
from portal.demo.loader import accounts, load, remove_examples

__all__ = ["DemoDataError", "accounts", "load", "remove_examples"]
