"""What the demo's tests share: Boston's time zone, the source the Action Lab's facts cite."""

from zoneinfo import ZoneInfo

BOSTON = ZoneInfo("America/New_York")
ACTION_LAB = (
    "Opportunities Exchange, Leading Change: UMass Launches Action Lab Focused on "
    "Re-inventing ECE (2020)"
)
