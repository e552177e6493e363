# Full month names read better for community members than Django's "Dec. 13, 2024".
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, P"
SHORT_DATE_FORMAT = "m/d/Y"
MONTH_DAY_FORMAT = "F j"
