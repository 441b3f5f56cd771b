"""Customers: listing, renaming and merging them, and how ``customer=`` filters name one."""
