"""The board packet: the dashboard's view to print or download as PDF.

Its first page is a summary of the view (the filters, the day it is as of and the headline
figures); then each panel, drawn from the same definitions as the dashboard and the CSV
(dashboards.panels), so the three cannot disagree. It has every indicator in view rather than a
page of them.
"""

from dashboards.panels import dashboard
from dashboards.scope import Scope


def board_packet(scope: Scope, *, updates_page=1) -> dict:
    return dashboard(scope, updates_page=updates_page, for_packet=True)
