"""Working calendars: which hours count as business hours for a contract (days, hours, public holidays, zone)."""
