# Spanish as it is read in Massachusetts: dates the Spanish way, with the month in words so that a
# reader from anywhere reads them alike (10/11 is October 11 here and November 10 at home);
# numbers and the 12-hour clock the way the United States writes them (4,100,000 and 3.5, as on
# every price and form a reader meets here; Django's Spanish formats are Spain's: "4 100 000",
# "3,5", "18:00"). "6:00 p. m." also needs locale/overrides/ ("p.m." is "p.m." in Django's).
DATE_FORMAT = r"j \d\e F \d\e Y"  # 10 de noviembre de 2026
TIME_FORMAT = "g:i a"  # 6:00 p. m.
DATETIME_FORMAT = r"j \d\e F \d\e Y, g:i a"  # 10 de noviembre de 2026, 6:00 p. m.
YEAR_MONTH_FORMAT = r"F \d\e Y"  # noviembre de 2026
MONTH_DAY_FORMAT = r"j \d\e F"  # 10 de noviembre
# Tables and labels.
SHORT_DATE_FORMAT = "j b. Y"  # 10 nov. 2026
SHORT_DATETIME_FORMAT = "j b. Y, g:i a"  # 10 nov. 2026, 6:00 p. m.
FIRST_DAY_OF_WEEK = 0  # Sunday, as calendars here start the week

# What forms read: ISO first, as date and datetime-local inputs send it and as a widget writes
# a date back into its input (Django's Spanish puts 31/12/2009 first, which a type="date" input
# refuses); then the day first, the way Spanish writes it by hand.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-11-10
    "%d/%m/%Y",  # 10/11/2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
