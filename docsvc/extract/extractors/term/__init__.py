"""Agreement / effective / expiration dates and term durations (initial term, renewal, notice)."""
