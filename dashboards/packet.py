"""The board packet: the dashboard's view to print or download as PDF.

Its first page is a summary of the view (the filters, the day it is as of, the time its figures
were computed and the headline figures); then each panel, read from the same snapshot as the
dashboard and the CSV (dashboards.services.snapshot_for), so the three cannot disagree. It has
every indicator in view rather than a page of them.
"""

from dashboards.models import DashboardSnapshot
from dashboards.snapshot import packet_panels


def board_packet(snapshot: DashboardSnapshot) -> dict:
    return packet_panels(snapshot.panels, snapshot.packet)
