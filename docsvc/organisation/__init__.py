"""The organisation's settings: letterhead name, address and logo, default signatory, date and number formats."""
