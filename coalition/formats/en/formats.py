# Full month names read better for community members than Django's "Dec. 13, 2024".
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, P"
MONTH_DAY_FORMAT = "F j"
# Tables and labels: short, and with the month in words so nobody reads 11/10 as October 11
# (a Spanish reader's tables say "10 nov. 2026" beside these).
SHORT_DATE_FORMAT = "N j, Y"  # Nov. 10, 2026
SHORT_DATETIME_FORMAT = "N j, Y, P"  # Nov. 10, 2026, 6 p.m.
