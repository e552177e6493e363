"""The events pages: `public` (presale: the calendar, event pages, registering, manage links,
calendar files, where next) and `organize` (control: the organizers' back office and the
leads' review of suggestions). events/urls.py maps both."""
