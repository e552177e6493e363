"""The demo data: the real content of five networks' public pages, and its loader.

The content is in data/, one TOML file per network and one for what they share (demo
accounts, the people who register for events, suggested places); data/README.md says how the
files are laid out. Everything the networks' pages say is loaded as they say it. Where the
portal needs more to look alive (progress updates, upcoming sessions, registrations), the rows
are dated relative to the day of the load and are plainly demo content; invented figures say
so in their source.

The loader keys every row by a natural key, so running it again gives the same rows.
"""

from portal.demo.files import DemoDataError
from portal.demo.loader import accounts, load

__all__ = ["DemoDataError", "accounts", "load"]
